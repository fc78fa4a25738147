using Microsoft.Extensions.Logging;

namespace Upgrade.Executor;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "UpgradeStarting", Level = LogLevel.Information, Message = "Upgrade {UpgradeId} starting: {BinaryName} to {TargetVersion}")]
    public static partial void UpgradeStarting(this ILogger logger, string upgradeId, string binaryName, string targetVersion);

    [LoggerMessage(EventId = 2, EventName = "UpgradeReplayed", Level = LogLevel.Information, Message = "Upgrade {UpgradeId} already ended as {Status}; returning the stored outcome")]
    public static partial void UpgradeReplayed(this ILogger logger, string upgradeId, NodeUpgradeStatus status);

    [LoggerMessage(EventId = 3, EventName = "CheckpointResumed", Level = LogLevel.Information, Message = "Upgrade {UpgradeId} resumes from its checkpoint after {CompletedCount} completed actions ({Mode})")]
    public static partial void CheckpointResumed(this ILogger logger, string upgradeId, int completedCount, CheckpointMode mode);

    [LoggerMessage(EventId = 4, EventName = "CheckpointExpired", Level = LogLevel.Warning, Message = "Upgrade {UpgradeId} has a checkpoint older than {Ttl}; every action is checked against the node again")]
    public static partial void CheckpointExpired(this ILogger logger, string upgradeId, TimeSpan ttl);

    [LoggerMessage(EventId = 5, EventName = "ActionSkipped", Level = LogLevel.Information, Message = "Upgrade {UpgradeId}: {ActionName} already done, skipped")]
    public static partial void ActionSkipped(this ILogger logger, string upgradeId, string actionName);

    [LoggerMessage(EventId = 6, EventName = "ActionCompleted", Level = LogLevel.Information, Message = "Upgrade {UpgradeId}: {ActionName} completed")]
    public static partial void ActionCompleted(this ILogger logger, string upgradeId, string actionName);

    [LoggerMessage(EventId = 7, EventName = "ActionFailed", Level = LogLevel.Warning, Message = "Upgrade {UpgradeId}: {ActionName} failed; compensating")]
    public static partial void ActionFailed(this ILogger logger, string upgradeId, string actionName, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "ActionCompensated", Level = LogLevel.Information, Message = "Upgrade {UpgradeId}: {ActionName} compensated")]
    public static partial void ActionCompensated(this ILogger logger, string upgradeId, string actionName);

    [LoggerMessage(EventId = 9, EventName = "CompensationFailed", Level = LogLevel.Critical, Message = "Upgrade {UpgradeId}: compensation of {ActionName} failed; the node needs manual intervention (FAILED_ROLLBACK)")]
    public static partial void CompensationFailed(this ILogger logger, string upgradeId, string actionName, Exception exception);

    [LoggerMessage(EventId = 10, EventName = "UpgradeEnded", Level = LogLevel.Information, Message = "Upgrade {UpgradeId} ended: {Status}")]
    public static partial void UpgradeEnded(this ILogger logger, string upgradeId, NodeUpgradeStatus status);

    [LoggerMessage(EventId = 11, EventName = "ObserverFailed", Level = LogLevel.Warning, Message = "Upgrade {UpgradeId}: the progress observer failed; the upgrade goes on")]
    public static partial void ObserverFailed(this ILogger logger, string upgradeId, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "CheckpointSaveFailed", Level = LogLevel.Error, Message = "Upgrade {UpgradeId}: saving the compensation checkpoint failed; compensation goes on")]
    public static partial void CheckpointSaveFailed(this ILogger logger, string upgradeId, Exception exception);

    [LoggerMessage(EventId = 13, EventName = "PayloadRejected", Level = LogLevel.Warning, Message = "Upgrade {UpgradeId}: payload rejected: {Reason}")]
    public static partial void PayloadRejected(this ILogger logger, string upgradeId, string reason);
}
