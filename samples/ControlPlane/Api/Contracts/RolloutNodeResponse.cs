using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>One node of a rollout: batch, status, upgrade phase, the version it runs and its error.</summary>
internal sealed record RolloutNodeResponse
{
    public required string NodeId { get; init; }

    public required int BatchIndex { get; init; }

    public required NodeUpgradeStatus Status { get; init; }

    public required RolloutNodeStage Stage { get; init; }

    public UpgradePhase? UpgradePhase { get; init; }

    /// <summary>Gets the version the node runs as far as the rollout knows: the target once it succeeded, else the previous one.</summary>
    public string? Version { get; init; }

    public string? PreviousVersion { get; init; }

    public string? ErrorMessage { get; init; }

    public required int AttemptCount { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public static RolloutNodeResponse From(Rollout rollout, RolloutNode n) => new()
    {
        NodeId = n.NodeId,
        BatchIndex = n.BatchIndex,
        Status = n.Status,
        Stage = n.Stage,
        UpgradePhase = n.UpgradePhase,
        Version = n.Status == NodeUpgradeStatus.Succeeded ? rollout.TargetVersion : n.PreviousVersion ?? rollout.SourceVersion,
        PreviousVersion = n.PreviousVersion,
        ErrorMessage = n.ErrorMessage,
        AttemptCount = n.AttemptCount,
        StartedAt = n.StartedAt,
        CompletedAt = n.CompletedAt,
    };
}
