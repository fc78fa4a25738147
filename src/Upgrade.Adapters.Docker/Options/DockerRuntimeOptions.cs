using System.ComponentModel.DataAnnotations;

namespace Upgrade.Adapters.Docker;

/// <summary>Configures the Docker runtime adapter: which engine it talks to, which container it manages, and its limits.</summary>
public class DockerRuntimeOptions
{
    /// <summary>Gets or sets the Docker Engine API endpoint: <c>unix:///path/to/docker.sock</c>, or <c>tcp://host:port</c>.</summary>
    /// <value>The default value is <c>unix:///var/run/docker.sock</c>.</value>
    [Required]
    public string Endpoint { get; set; } = DockerRuntimeConstants.DefaultEndpoint;

    /// <summary>Gets or sets the name of the managed container. The backup container is named <c>{ContainerName}.bak</c>.</summary>
    /// <value>The default value is <see langword="null"/>: a name is required.</value>
    [Required]
    public string? ContainerName { get; set; }

    /// <summary>
    /// Gets or sets the absolute host directories under which configuration files may be written and restored; normally
    /// the host sides of the container's bind mounts. A path outside every root (also by <c>..</c> or a symbolic link) is
    /// refused before anything is written.
    /// </summary>
    /// <value>The default value is an empty list: at least one root is required.</value>
    [Required]
    public IList<string> AllowedConfigRoots { get; set; } = [];

    /// <summary>
    /// Gets or sets how long the engine waits after the stop signal before it kills the container. Its limit of 50 seconds
    /// keeps it below the 60 second budget of the <c>stop_node</c> action, so that a main process that ignores the signal
    /// never overruns it.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:50")]
    public TimeSpan StopTimeout { get; set; } = DockerRuntimeConstants.DefaultStopTimeout;

    /// <summary>
    /// Gets or sets how long a started container must keep running before the start counts as successful; a container
    /// that exits or restarts within this time fails the start. It is spent inside the 30 second budget of the
    /// <c>start_node</c> action, hence its limit of 20 seconds.
    /// </summary>
    /// <value>The default value is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan StartSettleTime { get; set; } = DockerRuntimeConstants.DefaultStartSettleTime;

    /// <summary>Gets or sets the Engine API version the adapter pins, in the form <c>major.minor</c>.</summary>
    /// <value>The default value is <c>1.41</c> (Docker Engine 20.10 and newer).</value>
    [Required]
    public string ApiVersion { get; set; } = DockerRuntimeConstants.DefaultApiVersion;

    /// <summary>
    /// Gets or sets the absolute directory where the adapter keeps what must survive a restart of the process: the
    /// records of the images an upgrade pulled, under <c>{StateDirectory}/{ContainerName}/pulled-images/</c>.
    /// </summary>
    /// <remarks>
    /// A compensation removes an image only when such a record says the upgrade pulled it, so the directory must
    /// persist across restarts of the agent (not a tmpfs) and belong to this agent alone. Point it at the agent's
    /// state directory, for example <c>/var/lib/upgrade-agent/docker</c>.
    /// </remarks>
    /// <value>
    /// The default value is <c>upgrade-sdk/docker</c> under the user's local application data (on Linux
    /// <c>$XDG_DATA_HOME/upgrade-sdk/docker</c>, normally <c>~/.local/share/upgrade-sdk/docker</c>), which needs no root.
    /// </value>
    [Required]
    public string StateDirectory { get; set; } = DockerRuntimeConstants.DefaultStateDirectory;
}
