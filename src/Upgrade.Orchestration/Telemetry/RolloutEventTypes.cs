namespace Upgrade.Orchestration;

/// <summary>The notification event types.</summary>
public static class RolloutEventTypes
{
    /// <summary>A rollout started (subject <c>events.rollout.{id}.started</c>).</summary>
    public const string RolloutStarted = "rollout_started";

    /// <summary>A batch ended; counters changed (subject <c>events.rollout.{id}.progress</c>).</summary>
    public const string RolloutProgress = "rollout_progress";

    /// <summary>A rollout completed (subject <c>events.rollout.{id}.completed</c>).</summary>
    public const string RolloutCompleted = "rollout_completed";

    /// <summary>A rollout paused (subject <c>events.rollout.{id}.paused</c>).</summary>
    public const string RolloutPaused = "rollout_paused";

    /// <summary>A rollout ended with failed nodes (subject <c>events.rollout.{id}.failed</c>).</summary>
    public const string RolloutFailed = "rollout_failed";

    /// <summary>A rollout was cancelled (subject <c>events.rollout.{id}.cancelled</c>).</summary>
    public const string RolloutCancelled = "rollout_cancelled";

    /// <summary>A full rollback started (subject <c>events.rollout.{id}.rollback_initiated</c>).</summary>
    public const string RollbackInitiated = "rollback_initiated";

    /// <summary>A full rollback ended (subject <c>events.rollout.{id}.rollback_completed</c>).</summary>
    public const string RollbackCompleted = "rollback_completed";

    /// <summary>A node's upgrade started (subject <c>events.node.{nodeId}.upgrade_started</c>).</summary>
    public const string UpgradeStarted = "upgrade_started";

    /// <summary>A node's upgrade ended (subject <c>events.node.{nodeId}.upgrade_completed</c>).</summary>
    public const string UpgradeCompleted = "upgrade_completed";

    /// <summary>A node reported a new phase (subject <c>events.node.{nodeId}.upgrade_phase_changed</c>).</summary>
    public const string UpgradePhaseChanged = "upgrade_phase_changed";

    /// <summary>A node left in maintenance by an upgrade that ended without clearing it was cleared (subject <c>events.node.{nodeId}.maintenance_cleared</c>).</summary>
    public const string MaintenanceCleared = "maintenance_cleared";
}
