using System.Collections.Concurrent;

namespace Upgrade.Executor;

/// <summary>
/// Serialises executions of the same upgrade id, so that a duplicate delivery waits for the first and then finds its
/// outcome in the completed store, instead of running the actions a second time concurrently.
/// </summary>
internal sealed class UpgradeLocks
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<Releaser> AcquireAsync(string upgradeId, CancellationToken cancellationToken)
    {
        Entry entry;
        while (true)
        {
            entry = _entries.GetOrAdd(upgradeId, static _ => new Entry());
            lock (entry)
            {
                // An entry removed by its last user must not be joined: take a fresh one.
                if (!entry.Removed)
                {
                    entry.Users++;
                    break;
                }
            }
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(upgradeId, entry);
            throw;
        }

        return new Releaser(this, upgradeId, entry);
    }

    private void Leave(string upgradeId, Entry entry)
    {
        lock (entry)
        {
            entry.Users--;
            if (entry.Users == 0)
            {
                entry.Removed = true;
                _entries.TryRemove(new KeyValuePair<string, Entry>(upgradeId, entry));
            }
        }
    }

    internal readonly struct Releaser(UpgradeLocks owner, string upgradeId, Entry entry) : IDisposable
    {
        public void Dispose()
        {
            entry.Semaphore.Release();
            owner.Leave(upgradeId, entry);
        }
    }

    internal sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Removed { get; set; }
    }
}
