namespace Upgrade.Orchestration.Tests.Stores;

/// <summary>A store decorator that passes every call to <paramref name="inner"/>; tests override the calls they change.</summary>
internal abstract class DelegatingRolloutStore(IRolloutStore inner) : IRolloutStore
{
    public virtual Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken) => inner.InsertAsync(rollout, cancellationToken);

    public virtual Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken) => inner.GetAsync(rolloutId, cancellationToken);

    public virtual Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken) => inner.ListAsync(activeOnly, cancellationToken);

    public virtual Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken) => inner.GetNodesAsync(rolloutId, cancellationToken);

    public virtual Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
        => inner.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken);

    public virtual Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
        => inner.SetNodePhaseAsync(rolloutId, nodeId, phase, cancellationToken);

    public virtual Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => inner.AppendSignalAsync(rolloutId, kind, nodeId, createdAt, cancellationToken);

    public virtual Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken)
        => inner.GetSignalsAsync(rolloutId, afterSequence, cancellationToken);
}
