namespace Upgrade.Orchestration;

/// <summary>
/// The host's record of nodes in maintenance. The engine enters a node before sending it an upgrade and exits it when the
/// node's upgrade ends; the host's heartbeat and policy evaluators skip nodes in maintenance, so an upgrade window raises
/// no false alarms. Every method is idempotent.
/// </summary>
public interface IMaintenanceRegistry
{
    /// <summary>Puts a node in maintenance for a rollout (nothing changes when it already is).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="rolloutId">The rollout upgrading it.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>A task that completes when the node is in maintenance.</returns>
    Task EnterAsync(string nodeId, Guid rolloutId, CancellationToken ct);

    /// <summary>Takes a node out of the maintenance of a rollout (nothing changes when it is not in it).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>A task that completes when the entry is gone.</returns>
    Task ExitAsync(string nodeId, Guid rolloutId, CancellationToken ct);

    /// <summary>Lists the nodes in maintenance.</summary>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<MaintenanceEntry>> ListAsync(CancellationToken ct);
}
