using System.ComponentModel.DataAnnotations;

namespace Upgrade.Executor;

/// <summary>How this node's agent runs upgrades: which runtime, where the artifact lives, where state is kept.</summary>
public class UpgradeAgentOptions
{
    /// <summary>Gets or sets the runtime type, the key of the registered <see cref="IRuntimeAdapter"/>
    /// (for example <see cref="RuntimeTypes.Systemd"/>).</summary>
    /// <value>The default value is empty: it must be set.</value>
    [Required]
    public string RuntimeType { get; set; } = string.Empty;

    /// <summary>Gets or sets the install target: the binary's path, or the container's name.</summary>
    /// <value>The default value is empty: it must be set.</value>
    [Required]
    public string InstallTarget { get; set; } = string.Empty;

    /// <summary>Gets or sets the node's data directory; backups go to <c>{DataDirectory}/.upgrade-backup/{upgrade_id}</c>.</summary>
    /// <value>The default value is empty: it must be set.</value>
    [Required]
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a directory under which the absolute config paths of payloads are placed, like a chroot: with
    /// <c>/srv/node-3</c>, the payload's <c>/etc/app/config.toml</c> is written to <c>/srv/node-3/etc/app/config.toml</c>.
    /// It lets several nodes share one host (test rigs, demos, one agent per tenant directory).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: config paths are used as they are.</value>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// Gets the directories configuration files may be written under, as the node's runtime adapter allows them (after
    /// <see cref="RootDirectory"/> mapping). When set, a payload whose config path leads out of them by a symbolic link
    /// or an absolute path is rejected before anything runs, instead of failing in the first action.
    /// </summary>
    /// <value>The default value is empty: only the runtime adapter checks the roots, when it writes.</value>
    public IList<string> AllowedConfigRoots { get; } = [];

    /// <summary>Gets or sets a value indicating whether artifact URLs may use plain <c>http</c>.</summary>
    /// <value>The default value is <see langword="false"/>: only <c>https</c> is accepted.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Gets or sets the largest configuration file a payload may carry, in bytes.</summary>
    /// <value>The default value is 1 MiB.</value>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxConfigFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the most configuration files a payload may carry.</summary>
    /// <value>The default value is 64.</value>
    [Range(0, 4096)]
    public int MaxConfigFiles { get; set; } = 64;
}
