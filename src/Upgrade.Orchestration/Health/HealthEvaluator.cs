namespace Upgrade.Orchestration;

/// <summary>The five relaxed criteria of health validation. Syncing and degraded are tolerated.</summary>
internal static class HealthEvaluator
{
    /// <summary>Returns why the snapshot fails, or <see langword="null"/> when it passes.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="since">The start of the window.</param>
    /// <param name="maxRestarts">The number of restarts that counts as a crash loop.</param>
    /// <param name="requireHeartbeat">Whether a heartbeat must have been seen (at the end of the window).</param>
    public static string? Evaluate(NodeHealthSnapshot snapshot, DateTimeOffset since, int maxRestarts, bool requireHeartbeat)
    {
        if (snapshot.ApplicationHealth == ApplicationHealth.Critical)
        {
            return "application health is critical";
        }

        if (snapshot.SyncStatus == SyncStatus.Stalled)
        {
            return "sync is stalled";
        }

        if (snapshot.NodeState is NodeState.Down or NodeState.Failed)
        {
            return $"node state is {snapshot.NodeState.ToString().ToLowerInvariant()}";
        }

        if (snapshot.RestartCount >= maxRestarts)
        {
            return $"crash loop: {snapshot.RestartCount} restarts in the window (limit {maxRestarts - 1})";
        }

        if (requireHeartbeat && (snapshot.LastHeartbeatAt is not { } heartbeat || heartbeat < since))
        {
            return "no heartbeat in the window";
        }

        return null;
    }
}
