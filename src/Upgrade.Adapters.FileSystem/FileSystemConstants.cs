namespace Upgrade.Adapters.FileSystem;

/// <summary>The defaults and fixed names of the file-system runtime adapters.</summary>
internal static class FileSystemConstants
{
    public const long DefaultMaxArtifactSizeBytes = 1L << 30;

    public const int DefaultDownloadRetryAttempts = 3;

    /// <summary>The prefix of an acquired artifact's file name, next to its install target.</summary>
    public const string DownloadPrefix = ".download-";

    /// <summary>The suffix of a download in progress; it never counts as acquired.</summary>
    public const string PartialSuffix = ".partial";

    public const string ManifestFileName = "manifest.json";

    public const string BinariesDirectory = "binaries";

    public const string ConfigsDirectory = "configs";

    /// <summary>The mode of written configuration files: rw-r--r--.</summary>
    public const UnixFileMode ConfigFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The mode of installed binaries when no previous binary gives one: rwxr-xr-x.</summary>
    public const UnixFileMode BinaryFileMode = ConfigFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The mode of backup manifests and directories' files that only the agent reads: rw-------.</summary>
    public const UnixFileMode ManifestFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static readonly TimeSpan DefaultDownloadRetryDelay = TimeSpan.FromSeconds(1);
}
