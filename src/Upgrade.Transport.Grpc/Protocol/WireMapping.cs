using System.Text.Json;
using Google.Protobuf;

namespace Upgrade.Transport.Grpc.Protocol;

/// <summary>Converts between the SDK's contracts and the wire messages.</summary>
internal static class WireMapping
{
    public static Payload ToWire(UpgradePayload payload)
    {
        var wire = new Payload
        {
            UpgradeId = payload.UpgradeId,
            BinaryName = payload.BinaryName,
            TargetVersion = payload.TargetVersion,
            ArtifactUrl = payload.ArtifactUrl,
            ArtifactChecksum = payload.ArtifactChecksum,
            MigrationType = (int)payload.MigrationType,
        };
        if (payload.SourceVersion is not null)
        {
            wire.SourceVersion = payload.SourceVersion;
        }

        if (payload.RevertsUpgradeId is not null)
        {
            wire.RevertsUpgradeId = payload.RevertsUpgradeId;
        }

        wire.ConfigFiles.AddRange(payload.ConfigFiles.Select(f => new PayloadConfigFile
        {
            Path = f.Path,
            Content = ByteString.CopyFrom(f.Content.Span),
            Checksum = f.Checksum,
        }));
        wire.RevertConfigPaths.AddRange(payload.RevertConfigPaths);
        return wire;
    }

    public static UpgradePayload FromWire(Payload wire) => new()
    {
        UpgradeId = wire.UpgradeId,
        BinaryName = wire.BinaryName,
        SourceVersion = wire.HasSourceVersion ? wire.SourceVersion : null,
        TargetVersion = wire.TargetVersion,
        ArtifactUrl = wire.ArtifactUrl,
        ArtifactChecksum = wire.ArtifactChecksum,
        ConfigFiles = [.. wire.ConfigFiles.Select(f => new ConfigFile { Path = f.Path, Content = f.Content.ToByteArray(), Checksum = f.Checksum })],
        RevertsUpgradeId = wire.HasRevertsUpgradeId ? wire.RevertsUpgradeId : null,
        RevertConfigPaths = [.. wire.RevertConfigPaths],
        MigrationType = Enum.IsDefined((MigrationType)wire.MigrationType) ? (MigrationType)wire.MigrationType : throw new FormatException($"migration_type: {wire.MigrationType} is not a known migration type."),
    };

    public static string SerializeOutcome(UpgradeOutcome outcome) => JsonSerializer.Serialize(outcome);

    public static UpgradeOutcome DeserializeOutcome(string json) =>
        JsonSerializer.Deserialize<UpgradeOutcome>(json) ?? throw new FormatException("outcome_json: the outcome is empty.");

    public static PhaseChanged ToWire(string nodeId, UpgradePhaseChange change) => new()
    {
        NodeId = nodeId,
        UpgradeId = change.UpgradeId,
        Previous = change.Previous is { } previous ? (int)previous : -1,
        Phase = (int)change.Phase,
        TimestampUnixMs = change.Timestamp.ToUnixTimeMilliseconds(),
    };

    public static UpgradePhaseChange FromWire(PhaseChanged wire) => new()
    {
        UpgradeId = wire.UpgradeId,
        Previous = wire.Previous < 0 ? null : PhaseOf(wire.Previous),
        Phase = PhaseOf(wire.Phase),
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(wire.TimestampUnixMs),
    };

    public static Heartbeat ToWire(string nodeId, UpgradeHeartbeat heartbeat) => new()
    {
        NodeId = nodeId,
        UpgradeId = heartbeat.UpgradeId,
        Phase = (int)heartbeat.Phase,
        ActionIndex = heartbeat.ActionIndex,
        ActionName = heartbeat.ActionName,
        ProgressPercent = heartbeat.ProgressPercent,
        IsCompensating = heartbeat.IsCompensating,
        TimestampUnixMs = heartbeat.Timestamp.ToUnixTimeMilliseconds(),
    };

    public static UpgradeHeartbeat FromWire(Heartbeat wire) => new()
    {
        UpgradeId = wire.UpgradeId,
        Phase = PhaseOf(wire.Phase),
        ActionIndex = wire.ActionIndex,
        ActionName = wire.ActionName,
        ProgressPercent = wire.ProgressPercent,
        IsCompensating = wire.IsCompensating,
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(wire.TimestampUnixMs),
    };

    /// <summary>The node id a report names, or <see langword="null"/> for a message that names none.</summary>
    public static string? NodeIdOf(AgentMessage message) => message.BodyCase switch
    {
        AgentMessage.BodyOneofCase.Hello => message.Hello.NodeId,
        AgentMessage.BodyOneofCase.PhaseChanged => message.PhaseChanged.NodeId,
        AgentMessage.BodyOneofCase.Heartbeat => message.Heartbeat.NodeId,
        AgentMessage.BodyOneofCase.Ended => message.Ended.NodeId,
        AgentMessage.BodyOneofCase.Refused => message.Refused.NodeId,
        AgentMessage.BodyOneofCase.OutcomeAnswer => message.OutcomeAnswer.NodeId,
        _ => null,
    };

    private static UpgradePhase PhaseOf(int value) =>
        Enum.IsDefined((UpgradePhase)value) ? (UpgradePhase)value : throw new FormatException($"phase: {value} is not a known upgrade phase.");
}
