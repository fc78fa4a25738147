namespace Upgrade.Orchestration;

/// <summary>
/// One rollout of a binary version to the nodes of a chain: what to install, how to batch, and the durable progress the
/// engine resumes from. Instances are immutable; the engine writes new versions through <see cref="IRolloutStore"/>.
/// </summary>
public sealed record Rollout
{
    /// <summary>Gets the rollout id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the parent rollout group, or <see langword="null"/> for a standalone rollout.</summary>
    public Guid? GroupId { get; init; }

    /// <summary>Gets the position within the group, or <see langword="null"/> for a standalone rollout.</summary>
    public int? ComponentIndex { get; init; }

    /// <summary>Gets the target chain.</summary>
    public required string ChainProfileId { get; init; }

    /// <summary>Gets the node type whose nodes are upgraded.</summary>
    public required string NodeType { get; init; }

    /// <summary>Gets the chain's runtime type (<see cref="RuntimeTypes"/>).</summary>
    public required string RuntimeType { get; init; }

    /// <summary>Gets the binary (or container) being upgraded.</summary>
    public required string BinaryName { get; init; }

    /// <summary>Gets the version the nodes run before the rollout.</summary>
    public required string SourceVersion { get; init; }

    /// <summary>Gets the version the rollout installs.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>Gets the resolved artifact URL (a digest-pinned image reference for Docker chains).</summary>
    public required string TargetBinaryUrl { get; init; }

    /// <summary>Gets the artifact checksum (<c>sha256:&lt;hex&gt;</c> or an image digest).</summary>
    public required string TargetBinaryChecksum { get; init; }

    /// <summary>Gets the manifest upgrade id in auto mode, or <see langword="null"/> in manual mode.</summary>
    public string? UpgradeId { get; init; }

    /// <summary>Gets the SHA-256 of the manifest bytes at creation time (<c>sha256:&lt;hex&gt;</c>).</summary>
    public required string ManifestContentHash { get; init; }

    /// <summary>Gets the batching strategy.</summary>
    public required RolloutStrategy Strategy { get; init; }

    /// <summary>Gets the number of nodes per rolling batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Gets the number of canary nodes (canary strategy only).</summary>
    public int CanarySize { get; init; }

    /// <summary>Gets the fraction of failed over attempted nodes above which the rollout pauses.</summary>
    public required double FailureThreshold { get; init; }

    /// <summary>Gets how long health validation observes an upgraded node (twice as long for canary nodes).</summary>
    public required TimeSpan HealthWaitDuration { get; init; }

    /// <summary>Gets a value indicating whether failures never pause the rollout (the creation-time force_continue).</summary>
    public bool ForceContinue { get; init; }

    /// <summary>Gets a value indicating whether health validation is skipped (deadline pressure).</summary>
    public bool SkipValidation { get; init; }

    /// <summary>Gets the declared state migration type.</summary>
    public MigrationType MigrationType { get; init; } = MigrationType.None;

    /// <summary>Gets the recovery plan for a breaking migration.</summary>
    public string? RecoveryPlan { get; init; }

    /// <summary>Gets a value indicating whether the operator acknowledged the state risk of a breaking migration.</summary>
    public bool AcknowledgeStateRisk { get; init; }

    /// <summary>Gets the rendered config files sent with every node's payload.</summary>
    public IReadOnlyList<ConfigFile> ConfigFiles { get; init; } = [];

    /// <summary>Gets the seed of the random canary selection, recorded so that it can be reproduced.</summary>
    public int Seed { get; init; }

    /// <summary>Gets who created the rollout.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the lifecycle status.</summary>
    public RolloutStatus Status { get; init; } = RolloutStatus.Pending;

    /// <summary>Gets why the rollout is paused.</summary>
    public RolloutPauseReason PauseReason { get; init; } = RolloutPauseReason.None;

    /// <summary>Gets a value indicating whether the force signal overrides the failure threshold.</summary>
    public bool Forced { get; init; }

    /// <summary>Gets a value indicating whether the canary batch was approved.</summary>
    public bool CanaryApproved { get; init; }

    /// <summary>Gets a value indicating whether the target nodes were resolved and assigned to batches.</summary>
    public bool TargetsResolved { get; init; }

    /// <summary>Gets the number of batches.</summary>
    public int BatchCount { get; init; }

    /// <summary>Gets the index of the batch running or next to run; equal to <see cref="BatchCount"/> when every batch ran.</summary>
    public int CurrentBatch { get; init; }

    /// <summary>Gets the number of nodes of the rollout (denormalized; maintained by the store).</summary>
    public int TotalNodes { get; init; }

    /// <summary>Gets the number of succeeded nodes (denormalized; maintained by the store).</summary>
    public int SucceededNodes { get; init; }

    /// <summary>Gets the number of failed nodes, including failed rollbacks (denormalized; maintained by the store).</summary>
    public int FailedNodes { get; init; }

    /// <summary>Gets the number of pending or in-progress nodes (denormalized; maintained by the store).</summary>
    public int PendingNodes { get; init; }

    /// <summary>Gets the number of rolled back nodes (denormalized; maintained by the store).</summary>
    public int RolledBackNodes { get; init; }

    /// <summary>Gets the sequence of the last signal the engine applied.</summary>
    public long SignalCursor { get; init; }

    /// <summary>
    /// Gets the rollout-level events (<see cref="RolloutEventTypes"/>) stored with the transition that raised them and
    /// not yet known to be published. The engine publishes them right after the write; when it dies in between, the next
    /// run publishes them again, so these notifications are delivered at least once.
    /// </summary>
    public IReadOnlyList<string> UnpublishedEvents { get; init; } = [];

    /// <summary>Gets the optimistic-concurrency version; every write increments it.</summary>
    public long Version { get; init; }

    /// <summary>Gets when the rollout was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the rollout was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the rollout started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the rollout reached a final status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the failure threshold that applies now: none once forced.</summary>
    public bool IgnoresFailureThreshold => ForceContinue || Forced;
}
