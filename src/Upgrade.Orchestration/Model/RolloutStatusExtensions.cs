namespace Upgrade.Orchestration;

/// <summary>Helpers over <see cref="RolloutStatus"/>.</summary>
public static class RolloutStatusExtensions
{
    /// <summary>Whether a rollout in this status counts as the chain's one active rollout.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for pending, running, paused and rolling back.</returns>
    public static bool IsActive(this RolloutStatus status) =>
        status is RolloutStatus.Pending or RolloutStatus.Running or RolloutStatus.Paused or RolloutStatus.RollingBack;

    /// <summary>Whether the status is final.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for completed, failed, cancelled and rolled back.</returns>
    public static bool IsTerminal(this RolloutStatus status) => !status.IsActive();

    /// <summary>The snake_case name stored and published for the status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>For example <c>rolling_back</c>.</returns>
    public static string ToWireName(this RolloutStatus status) => status switch
    {
        RolloutStatus.Pending => "pending",
        RolloutStatus.Running => "running",
        RolloutStatus.Paused => "paused",
        RolloutStatus.Completed => "completed",
        RolloutStatus.Failed => "failed",
        RolloutStatus.Cancelled => "cancelled",
        RolloutStatus.RollingBack => "rolling_back",
        RolloutStatus.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
