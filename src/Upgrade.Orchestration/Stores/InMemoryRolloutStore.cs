namespace Upgrade.Orchestration;

/// <summary>
/// A rollout store in process memory, for tests and single-process hosts that need no durability. It enforces the same
/// constraints as the SQLite store.
/// </summary>
public sealed partial class InMemoryRolloutStore : IRolloutStore, IRolloutGroupStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Rollout> _rollouts = [];
    private readonly Dictionary<Guid, SortedDictionary<string, RolloutNode>> _nodes = [];
    private readonly Dictionary<Guid, List<RolloutSignal>> _signals = [];
    private long _signalSequence;

    /// <inheritdoc/>
    public Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_rollouts.ContainsKey(rollout.Id))
            {
                throw new InvalidOperationException($"Rollout {rollout.Id} already exists.");
            }

            EnsureNoOtherActive(rollout);
            var stored = RolloutCounters.Apply(rollout, []) with { Version = 1 };
            _rollouts[rollout.Id] = stored;
            _nodes[rollout.Id] = new SortedDictionary<string, RolloutNode>(StringComparer.Ordinal);
            _signals[rollout.Id] = [];
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_rollouts.GetValueOrDefault(rolloutId));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Rollout> list = [.. _rollouts.Values
                .Where(r => !activeOnly || r.Status.IsActive())
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.Id)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RolloutNode> list = _nodes.TryGetValue(rolloutId, out var nodes)
                ? [.. nodes.Values.OrderBy(n => n.BatchIndex).ThenBy(n => n.NodeId, StringComparer.Ordinal)]
                : [];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc/>
    public Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(nodes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rollouts.TryGetValue(rollout.Id, out var current))
            {
                throw new InvalidOperationException($"Rollout {rollout.Id} does not exist.");
            }

            if (current.Version != expectedVersion)
            {
                throw new ConcurrencyException(rollout.Id, expectedVersion, current.Version);
            }

            if (rollout.Status.IsActive())
            {
                EnsureNoOtherActive(rollout);
            }

            var table = _nodes[rollout.Id];
            foreach (var node in nodes)
            {
                if (node.RolloutId != rollout.Id)
                {
                    throw new ArgumentException($"Node '{node.NodeId}' belongs to rollout {node.RolloutId}, not {rollout.Id}.", nameof(nodes));
                }
            }

            foreach (var node in nodes)
            {
                table[node.NodeId] = table.TryGetValue(node.NodeId, out var existing) ? node with { Id = existing.Id } : node;
            }

            var stored = RolloutCounters.Apply(rollout, table.Values) with { Version = expectedVersion + 1 };
            _rollouts[rollout.Id] = stored;
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    public Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_nodes.TryGetValue(rolloutId, out var table) && table.TryGetValue(nodeId, out var node))
            {
                table[nodeId] = node with { UpgradePhase = phase };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_signals.TryGetValue(rolloutId, out var list))
            {
                throw new InvalidOperationException($"Rollout {rolloutId} does not exist.");
            }

            var signal = new RolloutSignal { Sequence = ++_signalSequence, RolloutId = rolloutId, Kind = kind, NodeId = nodeId, CreatedAt = createdAt };
            list.Add(signal);
            return Task.FromResult(signal);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RolloutSignal> list = _signals.TryGetValue(rolloutId, out var signals)
                ? [.. signals.Where(s => s.Sequence > afterSequence)]
                : [];
            return Task.FromResult(list);
        }
    }

    private void EnsureNoOtherActive(Rollout rollout)
    {
        if (rollout.Status.IsActive()
            && _rollouts.Values.Any(r => r.Id != rollout.Id && r.Status.IsActive() && string.Equals(r.ChainProfileId, rollout.ChainProfileId, StringComparison.Ordinal)))
        {
            throw ActiveRolloutConflictException.ForChain(rollout.ChainProfileId, null);
        }
    }
}
