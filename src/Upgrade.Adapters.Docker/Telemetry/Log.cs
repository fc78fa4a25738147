using Microsoft.Extensions.Logging;

namespace Upgrade.Adapters.Docker;

/// <summary>The log messages of the Docker runtime adapter.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ImagePulled", Level = LogLevel.Information, Message = "Pulled image {Reference}")]
    public static partial void ImagePulled(this ILogger logger, string reference);

    [LoggerMessage(EventId = 2, EventName = "ImageAlreadyPresent", Level = LogLevel.Debug, Message = "Image {Reference} is already present")]
    public static partial void ImageAlreadyPresent(this ILogger logger, string reference);

    [LoggerMessage(EventId = 3, EventName = "ImageDiscarded", Level = LogLevel.Information, Message = "Removed pulled image {Reference}")]
    public static partial void ImageDiscarded(this ILogger logger, string reference);

    [LoggerMessage(EventId = 4, EventName = "ImageKept", Level = LogLevel.Information, Message = "Kept image {Reference}: {Reason}")]
    public static partial void ImageKept(this ILogger logger, string reference, string reason);

    [LoggerMessage(EventId = 5, EventName = "ContainerRenamed", Level = LogLevel.Information, Message = "Renamed container {ContainerId} from {OldName} to {NewName}")]
    public static partial void ContainerRenamed(this ILogger logger, string containerId, string oldName, string newName);

    [LoggerMessage(EventId = 6, EventName = "ContainerCreated", Level = LogLevel.Information, Message = "Created container {ContainerName} ({ContainerId}) from image {Image}")]
    public static partial void ContainerCreated(this ILogger logger, string containerName, string containerId, string image);

    [LoggerMessage(EventId = 7, EventName = "ContainerRemoved", Level = LogLevel.Information, Message = "Removed container {ContainerName} ({ContainerId})")]
    public static partial void ContainerRemoved(this ILogger logger, string containerName, string containerId);

    [LoggerMessage(EventId = 8, EventName = "BackupWritten", Level = LogLevel.Information, Message = "Backed up container {ContainerName} and {ConfigCount} configuration files to {BackupDirectory}")]
    public static partial void BackupWritten(this ILogger logger, string containerName, int configCount, string backupDirectory);

    [LoggerMessage(EventId = 9, EventName = "BackupAlreadyComplete", Level = LogLevel.Information, Message = "A complete backup already exists in {BackupDirectory}; it is kept")]
    public static partial void BackupAlreadyComplete(this ILogger logger, string backupDirectory);

    [LoggerMessage(EventId = 10, EventName = "ConfigWritten", Level = LogLevel.Information, Message = "Wrote configuration file {Path}")]
    public static partial void ConfigWritten(this ILogger logger, string path);

    [LoggerMessage(EventId = 11, EventName = "ConfigRestored", Level = LogLevel.Information, Message = "Restored configuration file {Path} from the backup")]
    public static partial void ConfigRestored(this ILogger logger, string path);

    [LoggerMessage(EventId = 12, EventName = "ConfigRemoved", Level = LogLevel.Information, Message = "Removed configuration file {Path}, which did not exist before the upgrade")]
    public static partial void ConfigRemoved(this ILogger logger, string path);

    [LoggerMessage(EventId = 13, EventName = "ContainerStarted", Level = LogLevel.Information, Message = "Started container {ContainerName} ({ContainerId})")]
    public static partial void ContainerStarted(this ILogger logger, string containerName, string containerId);

    [LoggerMessage(EventId = 14, EventName = "ContainerStopped", Level = LogLevel.Information, Message = "Stopped container {ContainerName}")]
    public static partial void ContainerStopped(this ILogger logger, string containerName);

    [LoggerMessage(EventId = 15, EventName = "ContainerMissing", Level = LogLevel.Warning, Message = "Container {ContainerName} does not exist; {Operation} does nothing")]
    public static partial void ContainerMissing(this ILogger logger, string containerName, string operation);

    [LoggerMessage(EventId = 16, EventName = "ContainerRecreatedFromBackup", Level = LogLevel.Warning, Message = "The original container of {ContainerName} was gone; recreated it from the backed-up configuration as {ContainerId}")]
    public static partial void ContainerRecreatedFromBackup(this ILogger logger, string containerName, string containerId);

    [LoggerMessage(EventId = 17, EventName = "ContainerKilled", Level = LogLevel.Warning, Message = "Killed container {ContainerName}: {Reason}")]
    public static partial void ContainerKilled(this ILogger logger, string containerName, string reason);

    [LoggerMessage(EventId = 18, EventName = "InstallAlreadyDone", Level = LogLevel.Information, Message = "Container {ContainerName} already runs image {Image}")]
    public static partial void InstallAlreadyDone(this ILogger logger, string containerName, string image);

    [LoggerMessage(EventId = 19, EventName = "RestoreAlreadyDone", Level = LogLevel.Information, Message = "Container {ContainerName} is already the original container {ContainerId}")]
    public static partial void RestoreAlreadyDone(this ILogger logger, string containerName, string containerId);

    [LoggerMessage(EventId = 20, EventName = "ImagePulledEarlier", Level = LogLevel.Information, Message = "Image {Reference} is present and was pulled by an earlier attempt of this upgrade; a compensation may remove it")]
    public static partial void ImagePulledEarlier(this ILogger logger, string reference);

    [LoggerMessage(EventId = 21, EventName = "PulledImageRecordInvalid", Level = LogLevel.Warning, Message = "Ignored the pulled-image record {Path}: {Problem}; its image is treated as not pulled by the upgrade and is kept")]
    public static partial void PulledImageRecordInvalid(this ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 22, EventName = "PulledImageRecordCleared", Level = LogLevel.Information, Message = "Cleared the pulled-image record of {Reference}: container {ContainerName} runs it and the upgrade is final")]
    public static partial void PulledImageRecordCleared(this ILogger logger, string reference, string containerName);

    [LoggerMessage(EventId = 23, EventName = "PulledImageRecordDropped", Level = LogLevel.Information, Message = "Dropped the pulled-image record of {Reference}: {Reason}")]
    public static partial void PulledImageRecordDropped(this ILogger logger, string reference, string reason);
}
