using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>The log messages of the orchestration package.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "RolloutTransition", Level = LogLevel.Information, Message = "Rollout {RolloutId} is now {Status} (pause reason {PauseReason}, batch {CurrentBatch}/{BatchCount}).")]
    public static partial void RolloutTransition(this ILogger logger, Guid rolloutId, RolloutStatus status, RolloutPauseReason pauseReason, int currentBatch, int batchCount);

    [LoggerMessage(EventId = 2, EventName = "NodeTransition", Level = LogLevel.Information, Message = "Rollout {RolloutId} node {NodeId} is now {Status} at stage {Stage} (attempt {Attempt}).")]
    public static partial void NodeTransition(this ILogger logger, Guid rolloutId, string nodeId, NodeUpgradeStatus status, RolloutNodeStage stage, int attempt);

    [LoggerMessage(EventId = 3, EventName = "SignalIgnored", Level = LogLevel.Warning, Message = "Rollout {RolloutId} ignored signal {Kind} #{Sequence} in status {Status}: {Reason}")]
    public static partial void SignalIgnored(this ILogger logger, Guid rolloutId, RolloutSignalKind kind, long sequence, RolloutStatus status, string reason);

    [LoggerMessage(EventId = 4, EventName = "AgentUnavailable", Level = LogLevel.Warning, Message = "Node {NodeId} did not answer upgrade {UpgradeId} (try {Attempt}); the outcome is unknown and will be reconciled.")]
    public static partial void AgentUnavailable(this ILogger logger, string nodeId, string upgradeId, int attempt, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "EventSinkFailed", Level = LogLevel.Warning, Message = "Publishing event {Type} of rollout {RolloutId} failed.")]
    public static partial void EventSinkFailed(this ILogger logger, string type, Guid rolloutId, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "HealthValidationFailed", Level = LogLevel.Warning, Message = "Rollout {RolloutId} node {NodeId} failed health validation: {Reason}")]
    public static partial void HealthValidationFailed(this ILogger logger, Guid rolloutId, string nodeId, string reason);

    [LoggerMessage(EventId = 7, EventName = "PhaseWriteFailed", Level = LogLevel.Debug, Message = "Recording phase {Phase} of node {NodeId} failed; it is display state only.")]
    public static partial void PhaseWriteFailed(this ILogger logger, UpgradePhase phase, string nodeId, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "RolloutRunFailed", Level = LogLevel.Error, Message = "Driving rollout {RolloutId} failed; the worker retries at its next poll.")]
    public static partial void RolloutRunFailed(this ILogger logger, Guid rolloutId, Exception exception);

    [LoggerMessage(EventId = 9, EventName = "WorkerPollFailed", Level = LogLevel.Error, Message = "Listing active rollouts failed; the worker retries at its next poll.")]
    public static partial void WorkerPollFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10, EventName = "MaintenanceCleared", Level = LogLevel.Warning, Message = "Node {NodeId} was left in maintenance by rollout {RolloutId} and was cleared: {Reason}.")]
    public static partial void MaintenanceCleared(this ILogger logger, string nodeId, Guid rolloutId, string reason);

    [LoggerMessage(EventId = 11, EventName = "MaintenanceCleanupFailed", Level = LogLevel.Error, Message = "Clearing nodes left in maintenance failed; the worker retries at its next run.")]
    public static partial void MaintenanceCleanupFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "MaintenanceUpdateFailed", Level = LogLevel.Warning, Message = "Updating the maintenance state of node {NodeId} for rollout {RolloutId} failed (entering: {Entering}); the maintenance cleanup clears a stale entry.")]
    public static partial void MaintenanceUpdateFailed(this ILogger logger, string nodeId, Guid rolloutId, bool entering, Exception exception);

    [LoggerMessage(EventId = 13, EventName = "IncidentRaised", Level = LogLevel.Warning, Message = "Rollout {RolloutId} node {NodeId}: incident {Category} ({Severity}) {IncidentId}: {Message}")]
    public static partial void IncidentRaised(this ILogger logger, Guid rolloutId, string nodeId, string category, IncidentSeverity severity, string incidentId, string message);

    [LoggerMessage(EventId = 14, EventName = "IncidentSinkFailed", Level = LogLevel.Error, Message = "Raising incident {IncidentId} failed.")]
    public static partial void IncidentSinkFailed(this ILogger logger, string incidentId, Exception exception);

    [LoggerMessage(EventId = 15, EventName = "GroupTransition", Level = LogLevel.Information, Message = "Rollout group {GroupId} is now {Status} (component {CurrentComponent}/{ComponentCount}, rolling back {RollingBack}).")]
    public static partial void GroupTransition(this ILogger logger, Guid groupId, RolloutGroupStatus status, int currentComponent, int componentCount, bool rollingBack);

    [LoggerMessage(EventId = 16, EventName = "GroupSignalIgnored", Level = LogLevel.Warning, Message = "Rollout group {GroupId} ignored signal {Kind} #{Sequence} in status {Status}: {Reason}")]
    public static partial void GroupSignalIgnored(this ILogger logger, Guid groupId, RolloutGroupSignalKind kind, long sequence, RolloutGroupStatus status, string reason);

    [LoggerMessage(EventId = 17, EventName = "GroupRunFailed", Level = LogLevel.Error, Message = "Driving rollout group {GroupId} failed; the worker retries at its next poll.")]
    public static partial void GroupRunFailed(this ILogger logger, Guid groupId, Exception exception);

    [LoggerMessage(EventId = 18, EventName = "GroupComponentWaits", Level = LogLevel.Information, Message = "Rollout group {GroupId} component {ComponentIndex} waits: {Reason}")]
    public static partial void GroupComponentWaits(this ILogger logger, Guid groupId, int componentIndex, string reason);

    [LoggerMessage(EventId = 19, EventName = "LeftoverEventsPublished", Level = LogLevel.Information, Message = "Rollout {RolloutId} had {Count} stored events that an earlier run did not publish; publishing them now.")]
    public static partial void LeftoverEventsPublished(this ILogger logger, Guid rolloutId, int count);

    [LoggerMessage(EventId = 20, EventName = "GroupLeftoverEventsPublished", Level = LogLevel.Information, Message = "Rollout group {GroupId} had {Count} stored events that an earlier run did not publish; publishing them now.")]
    public static partial void GroupLeftoverEventsPublished(this ILogger logger, Guid groupId, int count);
}
