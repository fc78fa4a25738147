using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>
/// A store decorator (rollouts and groups) that simulates the engine process dying at its N-th group write: before the
/// write (the write is lost) or after it (the write is durable). From then on every call fails, as for a dead process.
/// </summary>
internal sealed class CrashingGroupStore<TStore>(TStore inner, int crashAtGroupWrite, bool afterWrite) : IRolloutStore, IRolloutGroupStore
    where TStore : IRolloutStore, IRolloutGroupStore
{
    private int _groupWrites;
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public int GroupWrites => _groupWrites;

    public Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken) => Guard(() => inner.InsertAsync(rollout, cancellationToken));

    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken) => Guard(() => inner.GetAsync(rolloutId, cancellationToken));

    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken) => Guard(() => inner.ListAsync(activeOnly, cancellationToken));

    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken) => Guard(() => inner.GetNodesAsync(rolloutId, cancellationToken));

    public Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken) =>
        Guard(() => inner.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken));

    public Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken) =>
        Guard(async () => { await inner.SetNodePhaseAsync(rolloutId, nodeId, phase, cancellationToken); return true; });

    public Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        Guard(() => inner.AppendSignalAsync(rolloutId, kind, nodeId, createdAt, cancellationToken));

    public Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken) =>
        Guard(() => inner.GetSignalsAsync(rolloutId, afterSequence, cancellationToken));

    public Task<RolloutGroup> InsertGroupAsync(RolloutGroup group, CancellationToken cancellationToken) => Guard(() => inner.InsertGroupAsync(group, cancellationToken));

    public Task<RolloutGroup?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken) => Guard(() => inner.GetGroupAsync(groupId, cancellationToken));

    public Task<IReadOnlyList<RolloutGroup>> ListGroupsAsync(bool activeOnly, CancellationToken cancellationToken) => Guard(() => inner.ListGroupsAsync(activeOnly, cancellationToken));

    public async Task<RolloutGroup> UpdateGroupAsync(RolloutGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ThrowIfCrashed();
        var write = Interlocked.Increment(ref _groupWrites);
        if (write == crashAtGroupWrite && !afterWrite)
        {
            Crash();
        }

        var stored = await inner.UpdateGroupAsync(group, expectedVersion, cancellationToken);
        if (write == crashAtGroupWrite)
        {
            Crash();
        }

        return stored;
    }

    public Task<RolloutGroupSignal> AppendGroupSignalAsync(Guid groupId, RolloutGroupSignalKind kind, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        Guard(() => inner.AppendGroupSignalAsync(groupId, kind, createdAt, cancellationToken));

    public Task<IReadOnlyList<RolloutGroupSignal>> GetGroupSignalsAsync(Guid groupId, long afterSequence, CancellationToken cancellationToken) =>
        Guard(() => inner.GetGroupSignalsAsync(groupId, afterSequence, cancellationToken));

    private Task<T> Guard<T>(Func<Task<T>> call)
    {
        ThrowIfCrashed();
        return call();
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
