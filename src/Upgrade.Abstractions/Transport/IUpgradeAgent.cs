namespace Upgrade;

/// <summary>
/// The agent side of an upgrade: takes a payload, runs it on this node, and reports progress and the outcome.
/// Transports deliver payloads to it; it is safe to call again with the same payload (the stored outcome is returned).
/// </summary>
public interface IUpgradeAgent
{
    /// <summary>Runs an upgrade, or returns its outcome when it already ended.</summary>
    /// <param name="payload">The upgrade to run.</param>
    /// <param name="observer">Receives phase changes and heartbeats.</param>
    /// <param name="cancellationToken">Cancels the upgrade; completed actions are then compensated.</param>
    /// <returns>How the upgrade ended.</returns>
    /// <exception cref="UpgradeValidationException">The payload is invalid; nothing was changed.</exception>
    /// <exception cref="UpgradeInputMismatchException">The upgrade id was used before with other inputs.</exception>
    Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken);

    /// <summary>Returns the outcome of an upgrade that ended on this node.</summary>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The outcome, or <see langword="null"/> when the upgrade has not ended here.</returns>
    ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken);
}
