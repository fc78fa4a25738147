using System.Collections.Concurrent;
using Upgrade;
using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>Keeps the control plane's events: the live view reads the latest ones, the summary adds up phase times.</summary>
internal sealed class EventRecorder : IRolloutEventSink
{
    private readonly ConcurrentQueue<RolloutEvent> _events = new();

    public IReadOnlyList<RolloutEvent> Events => [.. _events];

    public ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(rolloutEvent);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds up, per phase, the time nodes spent in it: from a phase change to the node's next event.</summary>
    public IReadOnlyDictionary<UpgradePhase, TimeSpan> PhaseTimes()
    {
        var totals = new Dictionary<UpgradePhase, TimeSpan>();
        foreach (var byNode in _events.Where(e => e.NodeId is not null).GroupBy(e => e.NodeId))
        {
            var ordered = byNode.OrderBy(e => e.Timestamp).ToList();
            for (var i = 0; i < ordered.Count - 1; i++)
            {
                if (ordered[i].Type == RolloutEventTypes.UpgradePhaseChanged && ordered[i].Phase is { } phase)
                {
                    totals[phase] = totals.GetValueOrDefault(phase) + (ordered[i + 1].Timestamp - ordered[i].Timestamp);
                }
            }
        }

        return totals;
    }
}
