using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/v1/rollouts</c>. Auto mode: <c>upgrade_id</c> names a manifest that provides the binary,
/// target, checksum, state compatibility and config changes. Manual mode: no <c>upgrade_id</c>, and those fields given.
/// There is no <c>created_by</c>: it is the authenticated caller.
/// </summary>
internal sealed record CreateRolloutBody
{
    public string? UpgradeId { get; init; }

    public string? ChainProfileId { get; init; }

    public string? NodeType { get; init; }

    public string? SourceVersion { get; init; }

    public string? BinaryName { get; init; }

    public string? TargetVersion { get; init; }

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

    /// <summary>Gets how long health validation observes each node, in seconds.</summary>
    public double HealthWaitSeconds { get; init; } = 300;

    public bool ForceContinue { get; init; }

    public bool SkipValidation { get; init; }

    public bool AcknowledgeStateRisk { get; init; }

    public int? Seed { get; init; }

    public RolloutRequest ToRequest(string createdBy) => new()
    {
        UpgradeId = UpgradeId,
        ChainProfileId = ChainProfileId,
        NodeType = NodeType,
        SourceVersion = SourceVersion,
        BinaryName = BinaryName,
        TargetVersion = TargetVersion,
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
        HealthWaitDuration = Seconds(HealthWaitSeconds),
        ForceContinue = ForceContinue,
        SkipValidation = SkipValidation,
        AcknowledgeStateRisk = AcknowledgeStateRisk,
        Seed = Seed,
        CreatedBy = createdBy,
    };

    /// <summary>An out-of-range number becomes a negative duration, which the creation rules report with the field.</summary>
    internal static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && seconds is >= 0 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(-1);
}
