using Microsoft.Extensions.Logging;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>
/// The log events of the process adapter. They share the adapter's logger with the file-system base class's events
/// (IDs 2 to 11), so they start at 101. Event IDs are never reused.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "ProcessStarted", Level = LogLevel.Information, Message = "Service {ServiceName} runs as process {Pid}")]
    public static partial void ProcessStarted(this ILogger logger, string serviceName, int pid);

    [LoggerMessage(EventId = 102, EventName = "ProcessAlreadyRunning", Level = LogLevel.Information, Message = "Service {ServiceName} already runs as process {Pid}")]
    public static partial void ProcessAlreadyRunning(this ILogger logger, string serviceName, int pid);

    [LoggerMessage(EventId = 103, EventName = "ProcessAdopted", Level = LogLevel.Information, Message = "Found process {Pid} of service {ServiceName} through its pid file")]
    public static partial void ProcessAdopted(this ILogger logger, string serviceName, int pid);

    [LoggerMessage(EventId = 104, EventName = "StalePidFile", Level = LogLevel.Information, Message = "The pid file of service {ServiceName} names process {Pid}, which no longer runs it; the file is ignored")]
    public static partial void StalePidFile(this ILogger logger, string serviceName, int pid);

    [LoggerMessage(EventId = 105, EventName = "ProcessStopped", Level = LogLevel.Information, Message = "Process {Pid} of service {ServiceName} has stopped")]
    public static partial void ProcessStopped(this ILogger logger, string serviceName, int pid);

    [LoggerMessage(EventId = 106, EventName = "ProcessKilledAfterTimeout", Level = LogLevel.Warning, Message = "Process {Pid} of service {ServiceName} ignored SIGTERM for {Timeout}; it is killed")]
    public static partial void ProcessKilledAfterTimeout(this ILogger logger, string serviceName, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 107, EventName = "ProcessExitedAtStart", Level = LogLevel.Warning, Message = "Service {ServiceName} exited with code {ExitCode} right after its start")]
    public static partial void ProcessExitedAtStart(this ILogger logger, string serviceName, int exitCode);

    [LoggerMessage(EventId = 108, EventName = "ProcessCrashed", Level = LogLevel.Warning, Message = "Process {Pid} of service {ServiceName} exited on its own (exit code {ExitCode})")]
    public static partial void ProcessCrashed(this ILogger logger, string serviceName, int pid, int? exitCode);

    [LoggerMessage(EventId = 109, EventName = "ProcessRestarted", Level = LogLevel.Information, Message = "Service {ServiceName} was restarted as process {Pid} (restart {RestartCount})")]
    public static partial void ProcessRestarted(this ILogger logger, string serviceName, int pid, int restartCount);

    [LoggerMessage(EventId = 110, EventName = "SupervisionGaveUp", Level = LogLevel.Error, Message = "Service {ServiceName} crashed again after {RestartCount} restarts; it stays stopped until the next start")]
    public static partial void SupervisionGaveUp(this ILogger logger, string serviceName, int restartCount);

    [LoggerMessage(EventId = 111, EventName = "RestartFailed", Level = LogLevel.Error, Message = "Service {ServiceName} could not be restarted")]
    public static partial void RestartFailed(this ILogger logger, string serviceName, Exception exception);
}
