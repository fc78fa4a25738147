namespace Upgrade;

/// <summary>
/// The control plane's way to reach node agents. Delivery is at least once: a payload may arrive twice, and agents
/// execute it once per upgrade id.
/// </summary>
public interface IAgentTransport
{
    /// <summary>Sends an upgrade to a node and waits for its outcome.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="payload">The upgrade.</param>
    /// <param name="observer">Receives the node's phase changes and heartbeats.</param>
    /// <param name="cancellationToken">Stops waiting. The agent is not told to stop; resend to learn the outcome.</param>
    /// <returns>How the upgrade ended on the node.</returns>
    /// <exception cref="AgentUnavailableException">The node could not be reached or the connection was lost; the
    /// outcome is unknown, not failed.</exception>
    Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken);

    /// <summary>Asks a node for the outcome of an upgrade, to reconcile after a lost connection.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The outcome, or <see langword="null"/> when the upgrade has not ended on the node.</returns>
    /// <exception cref="AgentUnavailableException">The node could not be reached.</exception>
    Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken);
}
