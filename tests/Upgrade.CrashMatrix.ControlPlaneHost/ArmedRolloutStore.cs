using Upgrade.Orchestration;

namespace Upgrade.CrashMatrix.ControlPlaneHost;

/// <summary>
/// Counts the successful writes of the rollout store across the runs of one scenario and, after an armed write, reports
/// <c>armed N</c> and blocks every caller forever, so that the harness kills the process with that write durable and
/// nothing after it. Writes are serialised so that the count is exact.
/// </summary>
internal sealed class ArmedRolloutStore(IRolloutStore inner, int firstWrite, IReadOnlyCollection<int> points, string markerFile) : IRolloutStore
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _count = firstWrite;
    private volatile bool _armed;

    /// <summary>Gets the number of writes of the scenario so far.</summary>
    public int Writes => Volatile.Read(ref _count);

    public Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken) => WriteAsync(() => inner.InsertAsync(rollout, cancellationToken));

    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken) => inner.GetAsync(rolloutId, cancellationToken);

    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken) => inner.ListAsync(activeOnly, cancellationToken);

    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken) => inner.GetNodesAsync(rolloutId, cancellationToken);

    public Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
        => WriteAsync(() => inner.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken));

    // A best-effort phase hint with no fixed place in the write sequence: not a crash point, but frozen once armed.
    public async Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
    {
        await BlockIfArmedAsync().ConfigureAwait(false);
        await inner.SetNodePhaseAsync(rolloutId, nodeId, phase, cancellationToken).ConfigureAwait(false);
    }

    public Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => WriteAsync(() => inner.AppendSignalAsync(rolloutId, kind, nodeId, createdAt, cancellationToken));

    public Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken) => inner.GetSignalsAsync(rolloutId, afterSequence, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        await BlockIfArmedAsync().ConfigureAwait(false);
        await _writes.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await BlockIfArmedAsync().ConfigureAwait(false);
            var result = await write().ConfigureAwait(false);
            var count = Interlocked.Increment(ref _count);
            if (points.Contains(count))
            {
                _armed = true;

                // The next run of the scenario counts on from here; the marker is written before the report, so a kill
                // after the report always finds it.
                File.AppendAllText(markerFile, count + "\n");
                Console.Out.WriteLine("armed " + count);
                Console.Out.WriteLine(HostProcess.ReachedPrefix + "write-" + count);
                Console.Out.Flush();
                await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task BlockIfArmedAsync()
    {
        if (_armed)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
