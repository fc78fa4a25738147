using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>The body of <c>POST /api/v1/rollout-groups</c>: desired versions, the component order and a failure policy.</summary>
internal sealed record CreateGroupBody
{
    public string? ChainProfileId { get; init; }

    public RolloutGroupFailurePolicy? FailurePolicy { get; init; }

    public IReadOnlyDictionary<string, string>? DesiredVersions { get; init; }

    public IReadOnlyList<GroupComponentBody>? ComponentOrder { get; init; }

    public RolloutGroupRequest ToRequest(string createdBy) => new()
    {
        ChainProfileId = ChainProfileId,
        FailurePolicy = FailurePolicy,
        DesiredVersions = DesiredVersions,
        ComponentOrder = ComponentOrder?.Select(c => c.ToComponent()).ToList(),
        CreatedBy = createdBy,
    };
}

/// <summary>One component of a group; entries may name an <c>upgrade_id</c> for auto-population.</summary>
internal sealed record GroupComponentBody : RolloutSettingsBody
{
    public int ComponentIndex { get; init; }

    public string BinaryName { get; init; } = string.Empty;

    public string? UpgradeId { get; init; }

    public string? NodeType { get; init; }

    public string? SourceVersion { get; init; }

    public RolloutGroupComponent ToComponent() => WithSettings(new RolloutGroupComponent
    {
        ComponentIndex = ComponentIndex,
        BinaryName = BinaryName,
        UpgradeId = UpgradeId,
        NodeType = NodeType,
        SourceVersion = SourceVersion,
    });
}
