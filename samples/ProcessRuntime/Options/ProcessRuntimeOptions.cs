using System.ComponentModel.DataAnnotations;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>
/// Configures the process runtime adapter for one service: what to run and how, where its pid file lives, and how it
/// is stopped and supervised. The file-side options (allowed configuration roots, downloads) come from
/// <see cref="FileSystemRuntimeOptions"/>.
/// </summary>
/// <remarks>
/// The options are validated when the adapter is built (and at host start when registered through dependency
/// injection); every error names the field it concerns.
/// </remarks>
public sealed class ProcessRuntimeOptions : FileSystemRuntimeOptions
{
    /// <summary>
    /// Gets or sets the name of the managed service. It names the pid file, so it is limited to letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>; a name is required.</value>
    [Required]
    public string? ServiceName { get; set; }

    /// <summary>
    /// Gets or sets the absolute path of the executable to run: the upgrade's install target, so that a start after an
    /// install runs the new binary.
    /// </summary>
    /// <value>The default value is <see langword="null"/>; a path is required.</value>
    [Required]
    public string? ExecutablePath { get; set; }

    /// <summary>Gets the arguments passed to the executable, one element per argument: no shell ever parses them.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Arguments { get; } = [];

    /// <summary>Gets the environment variables set for the process, on top of the agent's own environment.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> EnvironmentVariables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the absolute path of the process's working directory.</summary>
    /// <value>The default value is <see langword="null"/>: the executable's directory.</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Gets or sets the absolute path of the directory that holds the pid file, <c>{StateDirectory}/{ServiceName}.pid</c>.
    /// Through it, an agent that restarts finds the process an earlier agent started.
    /// </summary>
    /// <value>The default value is <see langword="null"/>; a directory is required.</value>
    [Required]
    public string? StateDirectory { get; set; }

    /// <summary>
    /// Gets or sets how long a started process must keep running before the start counts as successful. A process
    /// that exits within this time makes the start fail with its exit code.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StartSettleTime { get; set; } = ProcessRuntimeConstants.DefaultStartSettleTime;

    /// <summary>Gets or sets how long a stop waits after <c>SIGTERM</c> before it kills the process with <c>SIGKILL</c>.</summary>
    /// <value>The default value is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = ProcessRuntimeConstants.DefaultStopTimeout;

    /// <summary>
    /// Gets or sets how often <c>/proc</c> is read while waiting for a process this agent did not start (one found
    /// through the pid file) to exit.
    /// </summary>
    /// <value>The default value is 100 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan StatusPollInterval { get; set; } = ProcessRuntimeConstants.DefaultStatusPollInterval;

    /// <summary>
    /// Gets or sets a value indicating whether a process that exits on its own after a successful start is started
    /// again, up to <see cref="MaxRestarts"/> times. The restarts are reported in <see cref="RuntimeStatus.RestartCount"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RestartOnCrash { get; set; }

    /// <summary>Gets or sets how long the supervision waits before it starts a crashed process again.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RestartDelay { get; set; } = ProcessRuntimeConstants.DefaultRestartDelay;

    /// <summary>
    /// Gets or sets how many times the supervision restarts a crashed process after a start; then it gives up and the
    /// service stays stopped until the next start.
    /// </summary>
    /// <value>The default value is 5.</value>
    [Range(0, 1000)]
    public int MaxRestarts { get; set; } = ProcessRuntimeConstants.DefaultMaxRestarts;
}
