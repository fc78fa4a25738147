using System.Collections.Concurrent;

namespace Upgrade.Executor;

/// <summary>A checkpoint store in memory, for tests and short-lived hosts. Nothing survives a restart.</summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly ConcurrentDictionary<string, UpgradeCheckpoint> _checkpoints = new(StringComparer.Ordinal);

    /// <summary>Gets the number of checkpoints held.</summary>
    public int Count => _checkpoints.Count;

    /// <inheritdoc/>
    public ValueTask<UpgradeCheckpoint?> GetAsync(string upgradeId, CancellationToken cancellationToken)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        return ValueTask.FromResult(_checkpoints.TryGetValue(upgradeId, out var checkpoint) ? checkpoint : null);
    }

    /// <inheritdoc/>
    public Task SaveAsync(UpgradeCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        UpgradeIds.ThrowIfInvalid(checkpoint.UpgradeId, nameof(checkpoint));
        _checkpoints[checkpoint.UpgradeId] = checkpoint;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string upgradeId, CancellationToken cancellationToken)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        _checkpoints.TryRemove(upgradeId, out _);
        return Task.CompletedTask;
    }
}
