namespace Upgrade.Orchestration;

/// <summary>A maintenance registry in process memory (tests, or hosts whose evaluators run in the same process).</summary>
public sealed class InMemoryMaintenanceRegistry : IMaintenanceRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string NodeId, Guid RolloutId), MaintenanceEntry> _entries = [];
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="InMemoryMaintenanceRegistry"/> class.</summary>
    /// <param name="timeProvider">Stamps the entries; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryMaintenanceRegistry(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Tells whether a node is in maintenance for any rollout.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool IsInMaintenance(string nodeId)
    {
        lock (_gate)
        {
            return _entries.Keys.Any(k => string.Equals(k.NodeId, nodeId, StringComparison.Ordinal));
        }
    }

    /// <inheritdoc/>
    public Task EnterAsync(string nodeId, Guid rolloutId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        lock (_gate)
        {
            _entries.TryAdd((nodeId, rolloutId), new MaintenanceEntry { NodeId = nodeId, RolloutId = rolloutId, EnteredAt = _timeProvider.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ExitAsync(string nodeId, Guid rolloutId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        lock (_gate)
        {
            _entries.Remove((nodeId, rolloutId));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<MaintenanceEntry>> ListAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<MaintenanceEntry> entries = [.. _entries.Values.OrderBy(e => e.NodeId, StringComparer.Ordinal).ThenBy(e => e.RolloutId)];
            return Task.FromResult(entries);
        }
    }
}
