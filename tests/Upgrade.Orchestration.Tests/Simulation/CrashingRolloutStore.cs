namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>
/// A store decorator that simulates the engine process dying at its N-th rollout write: before the write (the write is
/// lost) or after it (the write is durable). From then on every call fails, as for a dead process.
/// </summary>
internal sealed class CrashingRolloutStore(IRolloutStore inner, int crashAtWrite, bool afterWrite) : IRolloutStore
{
    private int _writes;
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public int Writes => _writes;

    public Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.InsertAsync(rollout, cancellationToken);
    }

    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.GetAsync(rolloutId, cancellationToken);
    }

    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.ListAsync(activeOnly, cancellationToken);
    }

    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.GetNodesAsync(rolloutId, cancellationToken);
    }

    public async Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        var write = Interlocked.Increment(ref _writes);
        if (write == crashAtWrite && !afterWrite)
        {
            Crash();
        }

        var stored = await inner.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken);
        if (write == crashAtWrite)
        {
            Crash();
        }

        return stored;
    }

    public Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.SetNodePhaseAsync(rolloutId, nodeId, phase, cancellationToken);
    }

    public Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.AppendSignalAsync(rolloutId, kind, nodeId, createdAt, cancellationToken);
    }

    public Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        return inner.GetSignalsAsync(rolloutId, afterSequence, cancellationToken);
    }

    private void Crash()
    {
        _crashed = true;
        throw new SimulatedCrashException();
    }

    private void ThrowIfCrashed()
    {
        if (_crashed)
        {
            throw new SimulatedCrashException();
        }
    }
}

/// <summary>The simulated death of the engine process.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash of the engine process.")
    {
    }
}
