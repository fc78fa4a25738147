using Microsoft.Extensions.Logging;

namespace Upgrade.Adapters.Systemd;

/// <summary>
/// The log events of the systemd adapter. Event IDs are never reused: 2 to 11 belong to the artifact, backup and
/// configuration events that Upgrade.Adapters.FileSystem writes to this adapter's logger.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "SystemctlInvoked", Level = LogLevel.Debug, Message = "systemctl {Verb} exited with code {ExitCode}")]
    public static partial void SystemctlInvoked(this ILogger logger, string verb, int exitCode);

    [LoggerMessage(EventId = 12, EventName = "DaemonReloadBeforeStart", Level = LogLevel.Information, Message = "systemd reports changed unit files for {UnitName}; reloading before the start")]
    public static partial void DaemonReloadBeforeStart(this ILogger logger, string unitName);

    [LoggerMessage(EventId = 13, EventName = "UnitStarted", Level = LogLevel.Information, Message = "Unit {UnitName} runs with main PID {MainPid}")]
    public static partial void UnitStarted(this ILogger logger, string unitName, int mainPid);

    [LoggerMessage(EventId = 14, EventName = "UnitStopped", Level = LogLevel.Information, Message = "Unit {UnitName} is stopped ({State})")]
    public static partial void UnitStopped(this ILogger logger, string unitName, string state);

    [LoggerMessage(EventId = 15, EventName = "UnitFailedAfterStart", Level = LogLevel.Warning, Message = "Unit {UnitName} did not stay running after the start: {State}")]
    public static partial void UnitFailedAfterStart(this ILogger logger, string unitName, string state);

    [LoggerMessage(EventId = 16, EventName = "DaemonReloaded", Level = LogLevel.Information, Message = "systemd reloaded its unit files")]
    public static partial void DaemonReloaded(this ILogger logger);
}
