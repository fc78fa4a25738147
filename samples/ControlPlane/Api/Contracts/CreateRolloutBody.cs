using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/v1/rollouts</c>. Auto mode: <c>upgrade_id</c> names a manifest that provides the binary,
/// target, checksum, state compatibility and config changes. Manual mode: no <c>upgrade_id</c>, and those fields given.
/// There is no <c>created_by</c>: it is the authenticated caller.
/// </summary>
internal sealed record CreateRolloutBody : RolloutSettingsBody
{
    public string? UpgradeId { get; init; }

    public string? ChainProfileId { get; init; }

    public string? NodeType { get; init; }

    public string? SourceVersion { get; init; }

    public string? BinaryName { get; init; }

    public string? TargetVersion { get; init; }

    public RolloutRequest ToRequest(string createdBy) => WithSettings(new RolloutRequest
    {
        UpgradeId = UpgradeId,
        ChainProfileId = ChainProfileId,
        NodeType = NodeType,
        SourceVersion = SourceVersion,
        BinaryName = BinaryName,
        TargetVersion = TargetVersion,
        CreatedBy = createdBy,
    });
}
