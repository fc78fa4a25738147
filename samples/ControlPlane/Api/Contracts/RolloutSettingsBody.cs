using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>
/// The rollout settings a create body carries: the manual-mode artifact fields and how the rollout runs. The body of
/// <c>POST /api/v1/rollouts</c> and each <c>component_order</c> entry of a group share them, so a setting is read and
/// mapped onto the orchestration types in one place.
/// </summary>
/// <remarks>
/// The serializer writes a derived body's own fields before these, which keeps each body's canonical JSON (the
/// idempotency hash) and its OpenAPI schema in the order the fields have always had.
/// </remarks>
internal abstract record RolloutSettingsBody
{
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

    /// <summary>Sets these settings on a request whose identifying fields the derived body already set.</summary>
    protected RolloutRequest WithSettings(RolloutRequest request)
    {
        request.TargetBinaryUrl = TargetBinaryUrl;
        request.TargetBinaryChecksum = TargetBinaryChecksum;
        request.ManifestContentHash = ManifestContentHash;
        request.MigrationType = MigrationType;
        request.RecoveryPlan = RecoveryPlan;
        request.ConfigChanges = ConfigChanges;
        request.RuntimeType = RuntimeType;
        request.Strategy = Strategy;
        request.BatchSize = BatchSize;
        request.CanarySize = CanarySize;
        request.FailureThreshold = FailureThreshold;
        request.HealthWaitDuration = HealthWaitDuration();
        request.ForceContinue = ForceContinue;
        request.SkipValidation = SkipValidation;
        request.AcknowledgeStateRisk = AcknowledgeStateRisk;
        request.Seed = Seed;
        return request;
    }

    /// <summary>Sets these settings on a component whose identifying fields the derived body already set.</summary>
    protected RolloutGroupComponent WithSettings(RolloutGroupComponent component) => component with
    {
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
        HealthWaitDuration = HealthWaitDuration(),
        ForceContinue = ForceContinue,
        SkipValidation = SkipValidation,
        AcknowledgeStateRisk = AcknowledgeStateRisk,
        Seed = Seed,
    };

    /// <summary>An out-of-range number becomes a negative duration, which the creation rules report with the field.</summary>
    private TimeSpan HealthWaitDuration() =>
        double.IsFinite(HealthWaitSeconds) && HealthWaitSeconds is >= 0 and <= 86_400 ? TimeSpan.FromSeconds(HealthWaitSeconds) : TimeSpan.FromSeconds(-1);
}
