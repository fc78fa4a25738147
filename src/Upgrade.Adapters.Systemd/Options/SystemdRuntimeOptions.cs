using System.ComponentModel.DataAnnotations;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Adapters.Systemd;

/// <summary>
/// Configures the systemd runtime adapter for one unit. The file-side options (allowed configuration roots, downloads)
/// come from <see cref="FileSystemRuntimeOptions"/>.
/// </summary>
/// <remarks>
/// The options are validated when the adapter is built (and at host start when registered through dependency
/// injection); every error names the field it concerns.
/// </remarks>
public sealed class SystemdRuntimeOptions : FileSystemRuntimeOptions
{
    /// <summary>Gets or sets the name of the managed unit, for example <c>node.service</c>.</summary>
    /// <value>The default value is <see langword="null"/>; a unit name is required.</value>
    [Required]
    public string? UnitName { get; set; }

    /// <summary>Gets or sets the path of the <c>systemctl</c> executable.</summary>
    /// <value>The default value is <c>/usr/bin/systemctl</c>.</value>
    [Required]
    public string SystemctlPath { get; set; } = SystemdConstants.DefaultSystemctlPath;

    /// <summary>
    /// Gets the command and arguments put in front of every <c>systemctl</c> invocation, for example
    /// <c>["sudo", "-n"]</c>, or <c>["nsenter", "-t", "PID", "-m", "-p"]</c> to reach a systemd in another namespace.
    /// </summary>
    /// <value>The default value is empty: <c>systemctl</c> is started directly.</value>
    public IList<string> CommandPrefix { get; } = [];

    /// <summary>Gets or sets a value indicating whether the unit belongs to the user's service manager (<c>systemctl --user</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UserMode { get; set; }

    /// <summary>
    /// Gets or sets how long a unit must stay <c>active</c> after a start, without restarting, before the start counts
    /// as successful. A unit that fails or restarts within this time makes the start fail.
    /// </summary>
    /// <value>The default value is 1.5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StartSettleTime { get; set; } = SystemdConstants.DefaultStartSettleTime;

    /// <summary>Gets or sets how often the unit's state is read while waiting for a start or a stop.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan StatusPollInterval { get; set; } = SystemdConstants.DefaultStatusPollInterval;

    /// <summary>Gets or sets the longest time a single <c>systemctl</c> invocation may take.</summary>
    /// <value>The default value is 90 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = SystemdConstants.DefaultCommandTimeout;
}
