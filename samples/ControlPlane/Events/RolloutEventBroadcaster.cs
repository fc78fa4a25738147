using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Telemetry;

namespace Upgrade.Samples.ControlPlane.Events;

/// <summary>
/// The engine's event sink: fans every rollout event out to the open event streams (the dashboard's server-sent
/// events), and turns start/end event pairs into spans for rollouts and node upgrades.
/// </summary>
/// <remarks>
/// Each subscriber has a bounded channel of <see cref="SubscriberCapacity"/> events with
/// <see cref="BoundedChannelFullMode.DropOldest"/>: a slow browser loses its oldest events instead of slowing the engine
/// (publishing never waits), and reads the current state from the API when it reconnects.
/// </remarks>
internal sealed class RolloutEventBroadcaster : IRolloutEventSink
{
    public const int SubscriberCapacity = 256;

    private readonly ConcurrentDictionary<Guid, Channel<RolloutEvent>> _subscribers = new();
    private readonly ConcurrentDictionary<string, Activity> _spans = new(StringComparer.Ordinal);
    private readonly ILogger<RolloutEventBroadcaster> _logger;

    public RolloutEventBroadcaster(ILogger<RolloutEventBroadcaster> logger) => _logger = logger;

    public ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken)
    {
        Trace(rolloutEvent);
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(rolloutEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Streams the events published from now on until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<RolloutEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var lagged = false;
        var channel = Channel.CreateBounded<RolloutEvent>(
            new BoundedChannelOptions(SubscriberCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                if (!lagged)
                {
                    lagged = true;
                    _logger.EventSubscriberLagging();
                }
            });
        _subscribers[id] = channel;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }

    public int SubscriberCount => _subscribers.Count;

    private void Trace(RolloutEvent e)
    {
        var rolloutKey = "rollout:" + e.RolloutId.ToString("D");
        switch (e.Type)
        {
            case RolloutEventTypes.RolloutStarted:
                Open(rolloutKey, "rollout.run", e, null);
                break;
            case RolloutEventTypes.RolloutPaused or RolloutEventTypes.RollbackInitiated when _spans.TryGetValue(rolloutKey, out var run):
                // A pause is part of the rollout's run; the span ends with the rollout's final status.
                run.AddEvent(new ActivityEvent(e.Type, e.Timestamp, new ActivityTagsCollection { ["upgrade.rollout.pause_reason"] = e.PauseReason.ToString() }));
                break;
            case RolloutEventTypes.RolloutCompleted or RolloutEventTypes.RolloutFailed
                or RolloutEventTypes.RolloutCancelled or RolloutEventTypes.RollbackCompleted:
                Close(rolloutKey, e, e.Type == RolloutEventTypes.RolloutFailed ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
                break;
            case RolloutEventTypes.UpgradeStarted when e.NodeId is not null:
                _spans.TryGetValue(rolloutKey, out var parent);
                Open(NodeKey(e), "rollout.node.upgrade", e, parent);
                break;
            case RolloutEventTypes.UpgradePhaseChanged when e.NodeId is not null && _spans.TryGetValue(NodeKey(e), out var node):
                node.AddEvent(new ActivityEvent("phase " + e.Phase, e.Timestamp));
                break;
            case RolloutEventTypes.UpgradeCompleted when e.NodeId is not null:
                Close(NodeKey(e), e, e.NodeStatus is NodeUpgradeStatus.Failed or NodeUpgradeStatus.FailedRollback ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
                break;
            default:
                break;
        }
    }

    private static string NodeKey(RolloutEvent e) => $"node:{e.RolloutId:D}:{e.NodeId}";

    private void Open(string key, string name, RolloutEvent e, Activity? parent)
    {
        var ambient = Activity.Current;
        var activity = ControlPlaneTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent?.Context ?? default, startTime: e.Timestamp);

        // Started here, ended by a later event on another thread: the span must not become the ambient parent.
        Activity.Current = ambient;
        if (activity is null)
        {
            return;
        }

        activity.SetTag("upgrade.rollout.id", e.RolloutId.ToString("D"));
        activity.SetTag("upgrade.chain", e.ChainProfileId);
        if (e.NodeId is not null)
        {
            activity.SetTag("upgrade.node.id", e.NodeId);
        }

        if (_spans.TryRemove(key, out var previous))
        {
            previous.Stop();
        }

        _spans[key] = activity;
    }

    private void Close(string key, RolloutEvent e, ActivityStatusCode status)
    {
        if (!_spans.TryRemove(key, out var activity))
        {
            return;
        }

        activity.SetTag("upgrade.rollout.status", e.RolloutStatus.ToWireName());
        if (e.NodeStatus is { } nodeStatus)
        {
            activity.SetTag("upgrade.node.status", nodeStatus.ToString());
        }

        activity.SetStatus(status, e.Message);
        activity.SetEndTime(e.Timestamp.UtcDateTime);
        activity.Stop();
    }
}
