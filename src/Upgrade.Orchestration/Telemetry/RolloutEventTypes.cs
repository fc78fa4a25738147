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

    /// <summary>A rollout group started (subject <c>events.rollout_group.{id}.started</c>).</summary>
    public const string GroupStarted = "rollout_group_started";

    /// <summary>A rollout group paused, by an operator or a component failure under the manual policy (subject <c>events.rollout_group.{id}.paused</c>).</summary>
    public const string GroupPaused = "rollout_group_paused";

    /// <summary>A paused rollout group resumed (subject <c>events.rollout_group.{id}.resumed</c>).</summary>
    public const string GroupResumed = "rollout_group_resumed";

    /// <summary>A component's rollout was created and started (subject <c>events.rollout_group.{id}.component_started</c>).</summary>
    public const string GroupComponentStarted = "rollout_group_component_started";

    /// <summary>A component completed and passed the health gate (subject <c>events.rollout_group.{id}.component_completed</c>).</summary>
    public const string GroupComponentCompleted = "rollout_group_component_completed";

    /// <summary>A component failed; the failure policy applies (subject <c>events.rollout_group.{id}.component_failed</c>).</summary>
    public const string GroupComponentFailed = "rollout_group_component_failed";

    /// <summary>An operator skipped a component (subject <c>events.rollout_group.{id}.component_skipped</c>).</summary>
    public const string GroupComponentSkipped = "rollout_group_component_skipped";

    /// <summary>A component was rolled back (subject <c>events.rollout_group.{id}.component_rolled_back</c>).</summary>
    public const string GroupComponentRolledBack = "rollout_group_component_rolled_back";

    /// <summary>Every component completed (subject <c>events.rollout_group.{id}.completed</c>).</summary>
    public const string GroupCompleted = "rollout_group_completed";

    /// <summary>The group ended with some components not fully upgraded (subject <c>events.rollout_group.{id}.partial</c>).</summary>
    public const string GroupPartial = "rollout_group_partial";

    /// <summary>The group started rolling its components back in reverse order (subject <c>events.rollout_group.{id}.rollback_initiated</c>).</summary>
    public const string GroupRollbackInitiated = "rollout_group_rollback_initiated";

    /// <summary>The group's rollback ended (subject <c>events.rollout_group.{id}.rolled_back</c>).</summary>
    public const string GroupRolledBack = "rollout_group_rolled_back";

    /// <summary>The group was cancelled (subject <c>events.rollout_group.{id}.cancelled</c>).</summary>
    public const string GroupCancelled = "rollout_group_cancelled";

    /// <summary>The group failed (subject <c>events.rollout_group.{id}.failed</c>).</summary>
    public const string GroupFailed = "rollout_group_failed";
}
