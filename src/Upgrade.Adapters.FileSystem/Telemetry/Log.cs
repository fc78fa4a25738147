using Microsoft.Extensions.Logging;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// The log events of the file-system runtime adapters. They are written to the deriving adapter's logger. Event IDs are
/// never reused; they keep the numbers these events had in the systemd adapter, which takes no other event under them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2, EventName = "ArtifactAcquired", Level = LogLevel.Information, Message = "Acquired artifact {Checksum} for {Target} ({Bytes} bytes)")]
    public static partial void ArtifactAcquired(this ILogger logger, string target, string checksum, long bytes);

    [LoggerMessage(EventId = 3, EventName = "ArtifactAlreadyAcquired", Level = LogLevel.Information, Message = "Artifact {Checksum} for {Target} is already acquired")]
    public static partial void ArtifactAlreadyAcquired(this ILogger logger, string target, string checksum);

    [LoggerMessage(EventId = 4, EventName = "ArtifactDownloadRetry", Level = LogLevel.Warning, Message = "Download of the artifact for {Target} failed ({ErrorType}); attempt {Attempt} follows in {Delay}")]
    public static partial void ArtifactDownloadRetry(this ILogger logger, string target, string errorType, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5, EventName = "ArtifactDiscarded", Level = LogLevel.Information, Message = "Discarded the acquired artifact {Location}")]
    public static partial void ArtifactDiscarded(this ILogger logger, string location);

    [LoggerMessage(EventId = 6, EventName = "ArtifactInstalled", Level = LogLevel.Information, Message = "Installed artifact {Checksum} at {Target}")]
    public static partial void ArtifactInstalled(this ILogger logger, string target, string checksum);

    [LoggerMessage(EventId = 7, EventName = "BackupCreated", Level = LogLevel.Information, Message = "Backed up {FileCount} files into {BackupDirectory}")]
    public static partial void BackupCreated(this ILogger logger, string backupDirectory, int fileCount);

    [LoggerMessage(EventId = 8, EventName = "BackupAlreadyComplete", Level = LogLevel.Information, Message = "A complete backup already exists in {BackupDirectory}; it is kept as it is")]
    public static partial void BackupAlreadyComplete(this ILogger logger, string backupDirectory);

    [LoggerMessage(EventId = 9, EventName = "FileRestored", Level = LogLevel.Information, Message = "Restored {Path} from the backup")]
    public static partial void FileRestored(this ILogger logger, string path);

    [LoggerMessage(EventId = 10, EventName = "FileRemovedOnRestore", Level = LogLevel.Information, Message = "Removed {Path}, which did not exist before the upgrade")]
    public static partial void FileRemovedOnRestore(this ILogger logger, string path);

    [LoggerMessage(EventId = 11, EventName = "ConfigWritten", Level = LogLevel.Information, Message = "Wrote configuration file {Path}")]
    public static partial void ConfigWritten(this ILogger logger, string path);
}
