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
internal sealed record GroupComponentBody
{
    public int ComponentIndex { get; init; }

    public string BinaryName { get; init; } = string.Empty;

    public string? UpgradeId { get; init; }

    public string? NodeType { get; init; }

    public string? SourceVersion { get; init; }

    public string? TargetBinaryUrl { get; init; }

    public string? TargetBinaryChecksum { get; init; }

    public string? ManifestContentHash { get; init; }

    public MigrationType? MigrationType { get; init; }

    public string? RecoveryPlan { get; init; }

    public IReadOnlyList<ConfigChange>? ConfigChanges { get; init; }

    public string? RuntimeType { get; init; }

    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Rolling;

    public int BatchSize { get; init; } = 1;

    public int CanarySize { get; init; } = 1;

    public double FailureThreshold { get; init; } = 0.1;

    public double HealthWaitSeconds { get; init; } = 300;

    public bool ForceContinue { get; init; }

    public bool SkipValidation { get; init; }

    public bool AcknowledgeStateRisk { get; init; }

    public int? Seed { get; init; }

    public RolloutGroupComponent ToComponent() => new()
    {
        ComponentIndex = ComponentIndex,
        BinaryName = BinaryName,
        UpgradeId = UpgradeId,
        NodeType = NodeType,
        SourceVersion = SourceVersion,
        TargetBinaryUrl = TargetBinaryUrl,
        TargetBinaryChecksum = TargetBinaryChecksum,
        ManifestContentHash = ManifestContentHash,
        MigrationType = MigrationType,
        RecoveryPlan = RecoveryPlan,
        ConfigChanges = ConfigChanges,
        RuntimeType = RuntimeType,
        Strategy = Strategy,
        BatchSize = BatchSize,
        CanarySize = CanarySize,
        FailureThreshold = FailureThreshold,
        HealthWaitDuration = CreateRolloutBody.Seconds(HealthWaitSeconds),
        ForceContinue = ForceContinue,
        SkipValidation = SkipValidation,
        AcknowledgeStateRisk = AcknowledgeStateRisk,
        Seed = Seed,
    };
}
