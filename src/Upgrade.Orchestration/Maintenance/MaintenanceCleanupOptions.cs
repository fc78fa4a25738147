using System.ComponentModel.DataAnnotations;

namespace Upgrade.Orchestration;

/// <summary>Options of the maintenance cleanup worker.</summary>
public sealed class MaintenanceCleanupOptions
{
    /// <summary>Gets or sets how often the worker looks for nodes left in maintenance.</summary>
    /// <value>The default value is 30 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);
}
