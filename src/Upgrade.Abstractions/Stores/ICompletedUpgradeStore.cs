namespace Upgrade;

/// <summary>
/// Layer 1 of idempotency: remembers every upgrade that ended on this node, so that a redelivered command returns the
/// stored outcome without touching the node.
/// </summary>
/// <remarks>Implementations must be durable across crashes and safe for concurrent use.</remarks>
public interface ICompletedUpgradeStore
{
    /// <summary>Reads the record of an ended upgrade.</summary>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> when the upgrade has not ended here.</returns>
    /// <exception cref="StoreCorruptedException">The stored record cannot be read.</exception>
    ValueTask<CompletedUpgrade?> GetAsync(string upgradeId, CancellationToken cancellationToken);

    /// <summary>Records an ended upgrade. Saving the same record again changes nothing.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task SaveAsync(CompletedUpgrade record, CancellationToken cancellationToken);
}
