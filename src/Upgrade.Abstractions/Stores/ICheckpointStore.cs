namespace Upgrade;

/// <summary>
/// Layer 2 of idempotency: the per-action progress of running upgrades, so that an agent restarted after a crash
/// resumes after the last completed action, or goes on compensating.
/// </summary>
/// <remarks>Implementations must be durable across crashes: a read returns the last fully saved checkpoint.</remarks>
public interface ICheckpointStore
{
    /// <summary>Reads the checkpoint of an upgrade.</summary>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="StoreCorruptedException">The stored checkpoint cannot be read.</exception>
    ValueTask<UpgradeCheckpoint?> GetAsync(string upgradeId, CancellationToken cancellationToken);

    /// <summary>Replaces the checkpoint of an upgrade.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    Task SaveAsync(UpgradeCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Removes the checkpoint of an upgrade. Does nothing when there is none.</summary>
    /// <remarks>
    /// The removal need not be durable: the executor records the upgrade's outcome (layer 1) before it removes the
    /// checkpoint, and reads that record first, so a checkpoint that reappears after a power loss is only removed again.
    /// </remarks>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the checkpoint is removed.</returns>
    Task DeleteAsync(string upgradeId, CancellationToken cancellationToken);
}
