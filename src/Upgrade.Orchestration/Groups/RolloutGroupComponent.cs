namespace Upgrade.Orchestration;

/// <summary>
/// One entry of a group's <c>component_order</c>: the binary it upgrades and the settings of its rollout. The target
/// version comes from the group's desired versions; with an <see cref="UpgradeId"/> the manifest auto-populates the
/// artifact, state compatibility and config changes (auto mode), otherwise the artifact fields are given (manual mode),
/// exactly as for a <see cref="RolloutRequest"/>.
/// </summary>
public sealed record RolloutGroupComponent
{
    /// <summary>Gets the component's position within the group (<c>component_index</c>).</summary>
    public required int ComponentIndex { get; init; }

    /// <summary>Gets the binary the component upgrades; a key of the group's desired versions.</summary>
    public required string BinaryName { get; init; }

    /// <summary>Gets the manifest that auto-populates the component, if any.</summary>
    public string? UpgradeId { get; init; }

    /// <summary>Gets the node type whose nodes the component upgrades.</summary>
    public string? NodeType { get; init; }

    /// <summary>Gets the version the nodes run before the component's rollout.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Gets the artifact URL (manual mode).</summary>
    public string? TargetBinaryUrl { get; init; }

    /// <summary>Gets the artifact checksum (manual mode).</summary>
    public string? TargetBinaryChecksum { get; init; }

    /// <summary>Gets the manifest content hash (manual mode).</summary>
    public string? ManifestContentHash { get; init; }

    /// <summary>Gets the state migration type (manual mode).</summary>
    public MigrationType? MigrationType { get; init; }

    /// <summary>Gets the recovery plan of a breaking migration (manual mode).</summary>
    public string? RecoveryPlan { get; init; }

    /// <summary>Gets the config changes (manual mode).</summary>
    public IReadOnlyList<ConfigChange>? ConfigChanges { get; init; }

    /// <summary>Gets the runtime type, when the chain catalog should not be asked.</summary>
    public string? RuntimeType { get; init; }

    /// <summary>Gets the strategy of the component's rollout.</summary>
    /// <value>The default value is <see cref="RolloutStrategy.Rolling"/>.</value>
    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Rolling;

    /// <summary>Gets the rolling batch size.</summary>
    /// <value>The default value is 1.</value>
    public int BatchSize { get; init; } = 1;

    /// <summary>Gets the canary batch size (canary strategy).</summary>
    /// <value>The default value is 1.</value>
    public int CanarySize { get; init; } = 1;

    /// <summary>Gets the failure threshold, a fraction in [0, 1].</summary>
    /// <value>The default value is 0.1.</value>
    public double FailureThreshold { get; init; } = 0.1;

    /// <summary>Gets the health wait duration; it is also the window of the health gate after the component.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan HealthWaitDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets a value indicating whether failures never pause the component's rollout (all_at_once).</summary>
    public bool ForceContinue { get; init; }

    /// <summary>Gets a value indicating whether health validation is skipped (all_at_once).</summary>
    public bool SkipValidation { get; init; }

    /// <summary>Gets a value indicating whether the operator acknowledges the state risk of a breaking migration.</summary>
    public bool AcknowledgeStateRisk { get; init; }

    /// <summary>Gets the seed of the canary selection; the group records a random one when not set.</summary>
    public int? Seed { get; init; }
}
