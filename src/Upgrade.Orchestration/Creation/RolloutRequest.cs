namespace Upgrade.Orchestration;

/// <summary>
/// A request to create a rollout. Auto mode: set <see cref="UpgradeId"/> and the manifest provides the binary, target,
/// checksum, state compatibility, config changes and content hash. Manual mode: leave it empty and give those fields.
/// </summary>
public sealed class RolloutRequest
{
    /// <summary>Gets or sets the manifest upgrade id (auto mode).</summary>
    public string? UpgradeId { get; set; }

    /// <summary>Gets or sets the chain.</summary>
    public string? ChainProfileId { get; set; }

    /// <summary>Gets or sets the node type.</summary>
    public string? NodeType { get; set; }

    /// <summary>Gets or sets the version the nodes run now.</summary>
    public string? SourceVersion { get; set; }

    /// <summary>Gets or sets the binary name (manual mode).</summary>
    public string? BinaryName { get; set; }

    /// <summary>Gets or sets the version to install (manual mode).</summary>
    public string? TargetVersion { get; set; }

    /// <summary>Gets or sets the artifact URL (manual mode).</summary>
    public string? TargetBinaryUrl { get; set; }

    /// <summary>Gets or sets the artifact checksum (manual mode).</summary>
    public string? TargetBinaryChecksum { get; set; }

    /// <summary>Gets or sets the manifest content hash (manual mode, rule 6).</summary>
    public string? ManifestContentHash { get; set; }

    /// <summary>Gets or sets the migration type (manual mode).</summary>
    public MigrationType? MigrationType { get; set; }

    /// <summary>Gets or sets the recovery plan (manual mode).</summary>
    public string? RecoveryPlan { get; set; }

    /// <summary>Gets or sets the config changes (manual mode).</summary>
    public IReadOnlyList<ConfigChange>? ConfigChanges { get; set; }

    /// <summary>Gets or sets the runtime type, when the chain catalog should not be asked.</summary>
    public string? RuntimeType { get; set; }

    /// <summary>Gets or sets the strategy.</summary>
    /// <value>The default value is <see cref="RolloutStrategy.Rolling"/>.</value>
    public RolloutStrategy Strategy { get; set; } = RolloutStrategy.Rolling;

    /// <summary>Gets or sets the rolling batch size.</summary>
    /// <value>The default value is 1.</value>
    public int BatchSize { get; set; } = 1;

    /// <summary>Gets or sets the canary batch size (canary strategy).</summary>
    /// <value>The default value is 1.</value>
    public int CanarySize { get; set; } = 1;

    /// <summary>Gets or sets the failure threshold, a fraction in [0, 1].</summary>
    /// <value>The default value is 0.1.</value>
    public double FailureThreshold { get; set; } = 0.1;

    /// <summary>Gets or sets the health wait duration.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan HealthWaitDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether failures never pause the rollout.</summary>
    public bool ForceContinue { get; set; }

    /// <summary>Gets or sets a value indicating whether health validation is skipped.</summary>
    public bool SkipValidation { get; set; }

    /// <summary>Gets or sets a value indicating whether the operator acknowledges the state risk of a breaking migration.</summary>
    public bool AcknowledgeStateRisk { get; set; }

    /// <summary>Gets or sets the seed of the canary selection; a random one is recorded when not set.</summary>
    public int? Seed { get; set; }

    /// <summary>Gets or sets who creates the rollout.</summary>
    public string? CreatedBy { get; set; }
}
