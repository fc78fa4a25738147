using System.ComponentModel.DataAnnotations;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// Configures the file side of a <see cref="FileSystemRuntimeAdapter"/>: where configuration files may be written and
/// how artifacts are downloaded. An adapter's own options class derives from it and adds the lifecycle options.
/// </summary>
/// <remarks>
/// The options are validated when the adapter is built (and at host start when registered through dependency
/// injection); every error names the field it concerns. Validate a derived class with its own
/// <c>[OptionsValidator]</c> (which covers the attributes declared here too) and
/// <see cref="FileSystemRuntimeOptionsCustomValidator{TOptions}"/>.
/// </remarks>
public class FileSystemRuntimeOptions
{
    /// <summary>
    /// Gets the directories configuration files may be written in. A path outside all of them (through <c>..</c>, a
    /// symbolic link or an absolute path elsewhere) is refused before anything is written.
    /// </summary>
    /// <value>The default value is empty: every configuration write is refused.</value>
    public IList<string> AllowedConfigRoots { get; } = [];

    /// <summary>Gets or sets a value indicating whether artifacts may be downloaded over plain <c>http</c>.</summary>
    /// <value>The default value is <see langword="false"/>: only <c>https</c> is accepted.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Gets or sets the largest artifact, in bytes, that a download may deliver.</summary>
    /// <value>The default value is 1 GiB. It must be positive.</value>
    public long MaxArtifactSizeBytes { get; set; } = FileSystemConstants.DefaultMaxArtifactSizeBytes;

    /// <summary>Gets or sets how many times a download is retried after a transient HTTP failure.</summary>
    /// <value>The default value is 3.</value>
    [Range(0, 20)]
    public int DownloadRetryAttempts { get; set; } = FileSystemConstants.DefaultDownloadRetryAttempts;

    /// <summary>Gets or sets the base delay between download attempts; it grows exponentially, with jitter.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DownloadRetryDelay { get; set; } = FileSystemConstants.DefaultDownloadRetryDelay;
}
