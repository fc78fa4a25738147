using System.ComponentModel.DataAnnotations;

namespace Upgrade.Executor;

/// <summary>Options of the <see cref="UpgradeExecutor"/>.</summary>
public class UpgradeExecutorOptions
{
    /// <summary>
    /// Gets or sets how long a checkpoint may stay untouched and still be trusted. An older checkpoint is taken as the
    /// trace of a dead process: its completed actions are checked again against the node (layer 3) instead of skipped.
    /// </summary>
    /// <value>The default value is 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CheckpointTtl { get; set; } = ExecutorConstants.DefaultCheckpointTtl;

    /// <summary>
    /// Gets or sets the budget of one upgrade's forward actions together. When it runs out, the running action is
    /// stopped and the upgrade is compensated. Compensations have their own per-action budgets.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the sum of the actions' timeouts.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan? TotalBudget { get; set; }
}
