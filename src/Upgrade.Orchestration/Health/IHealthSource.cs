namespace Upgrade.Orchestration;

/// <summary>Reports what the control plane knows about a node's health (heartbeats, application health, sync, restarts).</summary>
public interface IHealthSource
{
    /// <summary>Reads a node's health since a point in time.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="since">The start of the observation window; heartbeats and restarts are counted from here.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken);
}
