namespace Upgrade;

/// <summary>Receives the phase changes and heartbeats of running upgrades.</summary>
/// <remarks>
/// Calls come from the executor between actions; an observer should return quickly. A failing observer never fails an
/// upgrade: the executor logs the error and goes on.
/// </remarks>
public interface IUpgradeProgressObserver
{
    /// <summary>Called when an upgrade enters a new phase.</summary>
    /// <param name="change">The phase change.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the change was handled.</returns>
    ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken);

    /// <summary>Called before each action runs or is compensated.</summary>
    /// <param name="heartbeat">The heartbeat.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the heartbeat was handled.</returns>
    ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken);
}
