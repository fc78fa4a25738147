using System.ComponentModel.DataAnnotations;

namespace Upgrade.Orchestration;

/// <summary>Options of the rollout engine, manifest reader and default store.</summary>
public class UpgradeOrchestrationOptions
{
    /// <summary>Gets or sets the chain config directory that holds <c>upgrades/{chain_profile_id}/{upgrade_id}.yaml</c>.</summary>
    /// <value>The default value is <see langword="null"/>: auto-mode creation is unavailable unless an <see cref="IManifestReader"/> is registered.</value>
    public string? ConfigDirectory { get; set; }

    /// <summary>Gets or sets the largest manifest file accepted, in bytes.</summary>
    /// <value>The default value is 1 MiB.</value>
    [Range(1, 64 * 1024 * 1024)]
    public long MaxManifestBytes { get; set; } = OrchestrationConstants.DefaultMaxManifestBytes;

    /// <summary>Gets or sets how long one send of an upgrade to an agent may take before it is retried (activity profile).</summary>
    /// <value>The default value is 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UpgradeTimeout { get; set; } = OrchestrationConstants.DefaultUpgradeTimeout;

    /// <summary>Gets or sets how many times an upgrade whose outcome is unknown is reconciled and resent.</summary>
    /// <value>The default value is 3.</value>
    [Range(0, 100)]
    public int UpgradeRetries { get; set; } = OrchestrationConstants.DefaultUpgradeRetries;

    /// <summary>Gets or sets the delay before each reconcile-and-resend.</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UpgradeRetryDelay { get; set; } = OrchestrationConstants.DefaultUpgradeRetryDelay;

    /// <summary>Gets or sets how often health validation polls the health source.</summary>
    /// <value>The default value is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan HealthPollInterval { get; set; } = OrchestrationConstants.DefaultHealthPollInterval;

    /// <summary>Gets or sets the number of restarts within the health window that counts as a crash loop.</summary>
    /// <value>The default value is 3: a node passes with at most 2 restarts.</value>
    [Range(1, 1000)]
    public int CrashLoopRestarts { get; set; } = OrchestrationConstants.DefaultCrashLoopRestarts;

    /// <summary>Gets or sets how often the rollout worker looks for rollouts to drive (new, resumed or signalled ones).</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan WorkerPollInterval { get; set; } = OrchestrationConstants.DefaultWorkerPollInterval;

    /// <summary>Gets or sets the SQLite file of the default store.</summary>
    /// <value>The default value is <c>upgrade-orchestration.db</c> in the working directory.</value>
    [Required]
    public string DatabasePath { get; set; } = OrchestrationConstants.DefaultDatabasePath;
}
