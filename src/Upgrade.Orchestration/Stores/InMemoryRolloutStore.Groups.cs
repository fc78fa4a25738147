namespace Upgrade.Orchestration;

/// <summary>The rollout-group part of the in-memory store.</summary>
public sealed partial class InMemoryRolloutStore
{
    private readonly Dictionary<Guid, RolloutGroup> _groups = [];
    private readonly Dictionary<Guid, List<RolloutGroupSignal>> _groupSignals = [];
    private long _groupSignalSequence;

    /// <inheritdoc/>
    public Task<RolloutGroup> InsertGroupAsync(RolloutGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_groups.ContainsKey(group.Id))
            {
                throw new InvalidOperationException($"Rollout group {group.Id} already exists.");
            }

            EnsureNoOtherActiveGroup(group);
            var stored = group with { Version = 1 };
            _groups[group.Id] = stored;
            _groupSignals[group.Id] = [];
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    public Task<RolloutGroup?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_groups.GetValueOrDefault(groupId));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RolloutGroup>> ListGroupsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RolloutGroup> list = [.. _groups.Values
                .Where(g => !activeOnly || g.Status.IsActive())
                .OrderBy(g => g.CreatedAt)
                .ThenBy(g => g.Id)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc/>
    public Task<RolloutGroup> UpdateGroupAsync(RolloutGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_groups.TryGetValue(group.Id, out var current))
            {
                throw new InvalidOperationException($"Rollout group {group.Id} does not exist.");
            }

            if (current.Version != expectedVersion)
            {
                throw RolloutGroupStores.Conflict(group.Id, expectedVersion, current.Version);
            }

            EnsureNoOtherActiveGroup(group);
            var stored = group with { Version = expectedVersion + 1 };
            _groups[group.Id] = stored;
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc/>
    public Task<RolloutGroupSignal> AppendGroupSignalAsync(Guid groupId, RolloutGroupSignalKind kind, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_groupSignals.TryGetValue(groupId, out var list))
            {
                throw new InvalidOperationException($"Rollout group {groupId} does not exist.");
            }

            var signal = new RolloutGroupSignal { Sequence = ++_groupSignalSequence, GroupId = groupId, Kind = kind, CreatedAt = createdAt };
            list.Add(signal);
            return Task.FromResult(signal);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RolloutGroupSignal>> GetGroupSignalsAsync(Guid groupId, long afterSequence, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RolloutGroupSignal> list = _groupSignals.TryGetValue(groupId, out var signals)
                ? [.. signals.Where(s => s.Sequence > afterSequence)]
                : [];
            return Task.FromResult(list);
        }
    }

    private void EnsureNoOtherActiveGroup(RolloutGroup group)
    {
        if (group.Status.IsActive()
            && _groups.Values.Any(g => g.Id != group.Id && g.Status.IsActive() && string.Equals(g.ChainProfileId, group.ChainProfileId, StringComparison.Ordinal)))
        {
            throw ActiveRolloutConflictException.ForChain(group.ChainProfileId, null, "rollout group");
        }
    }
}
