using Microsoft.Extensions.Logging;

namespace Upgrade.Transport.Grpc;

/// <summary>The log messages of the gRPC transport. Tokens are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "AgentConnected", Level = LogLevel.Information, Message = "Agent of node {NodeId} connected ({InProgress} upgrades in progress, {Ended} ended unacknowledged).")]
    public static partial void AgentConnected(this ILogger logger, string nodeId, int inProgress, int ended);

    [LoggerMessage(EventId = 2, EventName = "AgentDisconnected", Level = LogLevel.Warning, Message = "The stream of node {NodeId} ended; {Pending} upgrades wait for it to reconnect (outcome unknown, not failed).")]
    public static partial void AgentDisconnected(this ILogger logger, string nodeId, int pending, Exception? exception);

    [LoggerMessage(EventId = 3, EventName = "AgentRefused", Level = LogLevel.Warning, Message = "Refused an agent stream for node {NodeId}: {Reason}")]
    public static partial void AgentRefused(this ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 4, EventName = "ReportForOtherNode", Level = LogLevel.Warning, Message = "The stream of node {NodeId} sent a report for node {ClaimedNodeId}; the stream is closed.")]
    public static partial void ReportForOtherNode(this ILogger logger, string nodeId, string claimedNodeId);

    [LoggerMessage(EventId = 5, EventName = "ObserverFailed", Level = LogLevel.Warning, Message = "The progress observer of upgrade {UpgradeId} on node {NodeId} failed.")]
    public static partial void ObserverFailed(this ILogger logger, string nodeId, string upgradeId, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "UpgradeRedelivered", Level = LogLevel.Information, Message = "Redelivered upgrade {UpgradeId} to node {NodeId} after it reconnected.")]
    public static partial void UpgradeRedelivered(this ILogger logger, string nodeId, string upgradeId);

    [LoggerMessage(EventId = 7, EventName = "ReconnectExpired", Level = LogLevel.Warning, Message = "Node {NodeId} did not reconnect within {Timeout} during upgrade {UpgradeId}; its outcome is unknown.")]
    public static partial void ReconnectExpired(this ILogger logger, string nodeId, string upgradeId, TimeSpan timeout);

    [LoggerMessage(EventId = 8, EventName = "ReleaseReportIgnored", Level = LogLevel.Warning, Message = "Ignored the release node {NodeId} reported: {Reason}")]
    public static partial void ReleaseReportIgnored(this ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 9, EventName = "ReleaseReported", Level = LogLevel.Information, Message = "Node {NodeId} reports release {Version}.")]
    public static partial void ReleaseReported(this ILogger logger, string nodeId, string version);

    [LoggerMessage(EventId = 20, EventName = "ClientConnecting", Level = LogLevel.Debug, Message = "Connecting to the control plane at {Address} as node {NodeId}.")]
    public static partial void ClientConnecting(this ILogger logger, Uri address, string nodeId);

    [LoggerMessage(EventId = 21, EventName = "ClientConnected", Level = LogLevel.Information, Message = "Connected to the control plane as node {NodeId}.")]
    public static partial void ClientConnected(this ILogger logger, string nodeId);

    [LoggerMessage(EventId = 22, EventName = "ClientConnectionFailed", Level = LogLevel.Warning, Message = "The connection to the control plane failed (attempt {Attempt}); retrying in {Delay}.")]
    public static partial void ClientConnectionFailed(this ILogger logger, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 23, EventName = "ClientUpgradeReceived", Level = LogLevel.Information, Message = "Received upgrade {UpgradeId} ({TargetVersion}).")]
    public static partial void ClientUpgradeReceived(this ILogger logger, string upgradeId, string targetVersion);

    [LoggerMessage(EventId = 24, EventName = "ClientUpgradeResumed", Level = LogLevel.Information, Message = "Resuming upgrade {UpgradeId} found in the journal after a restart.")]
    public static partial void ClientUpgradeResumed(this ILogger logger, string upgradeId);

    [LoggerMessage(EventId = 25, EventName = "ClientUpgradeFailed", Level = LogLevel.Error, Message = "Upgrade {UpgradeId} ended without an outcome; it stays in the journal and resumes at the next start.")]
    public static partial void ClientUpgradeFailed(this ILogger logger, string upgradeId, Exception exception);

    [LoggerMessage(EventId = 26, EventName = "ClientUpgradeRefused", Level = LogLevel.Warning, Message = "Refused upgrade {UpgradeId}: {Reason}")]
    public static partial void ClientUpgradeRefused(this ILogger logger, string upgradeId, string reason);

    [LoggerMessage(EventId = 27, EventName = "ClientReleaseRecorded", Level = LogLevel.Information, Message = "The node now runs release {Version}, installed by upgrade {UpgradeId}.")]
    public static partial void ClientReleaseRecorded(this ILogger logger, string version, string upgradeId);

    [LoggerMessage(EventId = 28, EventName = "ClientReleaseWriteFailed", Level = LogLevel.Error, Message = "The release installed by upgrade {UpgradeId} could not be saved; it is reported until the agent restarts.")]
    public static partial void ClientReleaseWriteFailed(this ILogger logger, string upgradeId, Exception exception);

    [LoggerMessage(EventId = 29, EventName = "ClientReleaseUnreadable", Level = LogLevel.Warning, Message = "The saved release file {Path} cannot be read; the node reports no release until its next successful upgrade.")]
    public static partial void ClientReleaseUnreadable(this ILogger logger, string path, Exception exception);
}
