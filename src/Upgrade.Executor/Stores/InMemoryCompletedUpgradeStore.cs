using System.Collections.Concurrent;

namespace Upgrade.Executor;

/// <summary>A completed-upgrade store in memory, for tests and short-lived hosts. Nothing survives a restart.</summary>
public sealed class InMemoryCompletedUpgradeStore : ICompletedUpgradeStore
{
    private readonly ConcurrentDictionary<string, CompletedUpgrade> _records = new(StringComparer.Ordinal);

    /// <summary>Gets the number of records held.</summary>
    public int Count => _records.Count;

    /// <inheritdoc/>
    public ValueTask<CompletedUpgrade?> GetAsync(string upgradeId, CancellationToken cancellationToken)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        return ValueTask.FromResult(_records.TryGetValue(upgradeId, out var record) ? record : null);
    }

    /// <inheritdoc/>
    public Task SaveAsync(CompletedUpgrade record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        UpgradeIds.ThrowIfInvalid(record.UpgradeId, nameof(record));
        _records.TryAdd(record.UpgradeId, record);
        return Task.CompletedTask;
    }
}
