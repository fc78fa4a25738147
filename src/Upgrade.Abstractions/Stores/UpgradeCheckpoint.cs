namespace Upgrade;

/// <summary>The saved progress of one upgrade.</summary>
public sealed record UpgradeCheckpoint
{
    /// <summary>Gets the upgrade.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the hash of the upgrade's inputs; a checkpoint is only resumed for the same inputs.</summary>
    public required string InputHash { get; init; }

    /// <summary>Gets whether the upgrade was going forward or compensating.</summary>
    public CheckpointMode Mode { get; init; } = CheckpointMode.Executing;

    /// <summary>Gets the actions completed (executed or found already done), in order.</summary>
    public IReadOnlyList<string> CompletedActions { get; init; } = [];

    /// <summary>Gets the actions found already done and therefore skipped.</summary>
    public IReadOnlyList<string> SkippedActions { get; init; } = [];

    /// <summary>Gets the action that was running, or <see langword="null"/> between actions.</summary>
    public string? InProgressAction { get; init; }

    /// <summary>Gets when the checkpoint was last saved.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the action that failed, when compensating.</summary>
    public string? FailedAction { get; init; }

    /// <summary>Gets why it failed, when compensating.</summary>
    public UpgradeError? Error { get; init; }

    /// <summary>Gets the actions already compensated, in the order their compensations ran.</summary>
    public IReadOnlyList<string> CompensatedActions { get; init; } = [];
}
