using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Orchestration;

/// <summary>
/// Clears nodes left in maintenance: entries whose rollout is not active any more, or whose node is not
/// <c>in_progress</c> in the store (an engine stopped between entering and exiting). Each cleared entry is published
/// as a <see cref="RolloutEventTypes.MaintenanceCleared"/> event.
/// </summary>
public sealed class MaintenanceCleanup
{
    private readonly IMaintenanceRegistry _registry;
    private readonly IRolloutStore _store;
    private readonly IRolloutEventSink _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal MaintenanceCleanup(IMaintenanceRegistry registry, IRolloutStore store, IRolloutEventSink? events, TimeProvider timeProvider, ILogger? logger)
    {
        _registry = registry;
        _store = store;
        _events = events ?? NullRolloutEventSink.Instance;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Checks every maintenance entry once and clears the stale ones.</summary>
    /// <param name="cancellationToken">Cancels the check; entries already cleared stay cleared.</param>
    /// <returns>The entries cleared.</returns>
    public async Task<IReadOnlyList<MaintenanceEntry>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var entries = await _registry.ListAsync(cancellationToken).ConfigureAwait(false);
        var cleared = new List<MaintenanceEntry>();
        var rollouts = new Dictionary<Guid, (Rollout? Rollout, IReadOnlyList<RolloutNode> Nodes)>();
        foreach (var entry in entries)
        {
            if (!rollouts.TryGetValue(entry.RolloutId, out var state))
            {
                var rollout = await _store.GetAsync(entry.RolloutId, cancellationToken).ConfigureAwait(false);
                var nodes = rollout is null ? [] : await _store.GetNodesAsync(entry.RolloutId, cancellationToken).ConfigureAwait(false);
                rollouts[entry.RolloutId] = state = (rollout, nodes);
            }

            var node = state.Nodes.FirstOrDefault(n => string.Equals(n.NodeId, entry.NodeId, StringComparison.Ordinal));
            string? reason = state.Rollout is null ? "the rollout does not exist"
                : !state.Rollout.Status.IsActive() ? $"the rollout is {state.Rollout.Status.ToWireName()}"
                : node is null ? "the node is not part of the rollout"
                : node.Status != NodeUpgradeStatus.InProgress ? $"the node's upgrade is {node.Status}"
                : null;
            if (reason is null)
            {
                continue;
            }

            await _registry.ExitAsync(entry.NodeId, entry.RolloutId, cancellationToken).ConfigureAwait(false);
            cleared.Add(entry);
            _logger.MaintenanceCleared(entry.NodeId, entry.RolloutId, reason);
            await PublishAsync(entry, state.Rollout, node, reason, cancellationToken).ConfigureAwait(false);
        }

        return cleared;
    }

    private async Task PublishAsync(MaintenanceEntry entry, Rollout? rollout, RolloutNode? node, string reason, CancellationToken cancellationToken)
    {
        var rolloutEvent = new RolloutEvent
        {
            Type = RolloutEventTypes.MaintenanceCleared,
            Subject = $"events.node.{entry.NodeId}.{RolloutEventTypes.MaintenanceCleared}",
            RolloutId = entry.RolloutId,
            ChainProfileId = rollout?.ChainProfileId ?? string.Empty,
            NodeId = entry.NodeId,
            RolloutStatus = rollout?.Status ?? RolloutStatus.Cancelled,
            NodeStatus = node?.Status,
            PauseReason = rollout?.PauseReason ?? RolloutPauseReason.None,
            SucceededNodes = rollout?.SucceededNodes ?? 0,
            FailedNodes = rollout?.FailedNodes ?? 0,
            TotalNodes = rollout?.TotalNodes ?? 0,
            Message = $"The node was left in maintenance and was cleared: {reason}.",
            Timestamp = _timeProvider.GetUtcNow(),
        };
        try
        {
            await _events.PublishAsync(rolloutEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _logger.EventSinkFailed(rolloutEvent.Type, rolloutEvent.RolloutId, exception);
        }
    }
}
