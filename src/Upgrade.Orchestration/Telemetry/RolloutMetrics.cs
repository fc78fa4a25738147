using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Upgrade.Orchestration;

/// <summary>
/// The instruments of meter <c>Upgrade.Orchestration</c>. Names follow OpenTelemetry conventions; the README maps them
/// to the original Prometheus names.
/// </summary>
internal sealed class RolloutMetrics : IDisposable
{
    public const string MeterName = "Upgrade.Orchestration";
    public const string ChainTag = "upgrade.chain";
    public const string StrategyTag = "upgrade.rollout.strategy";
    public const string StatusTag = "upgrade.rollout.status";
    public const string NodeStatusTag = "upgrade.node.status";
    public const string RolloutIdTag = "upgrade.rollout.id";
    public const string PhaseTag = "upgrade.phase";
    public const string GroupPolicyTag = "upgrade.rollout_group.failure_policy";
    public const string GroupStatusTag = "upgrade.rollout_group.status";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _rollouts;
    private readonly Histogram<double> _rolloutDuration;
    private readonly Counter<long> _nodeUpgrades;
    private readonly Histogram<double> _nodeUpgradeDuration;
    private readonly UpDownCounter<long> _active;
    private readonly Gauge<double> _progress;
    private readonly Gauge<long> _nodePhase;
    private readonly Counter<long> _groups;
    private readonly Histogram<double> _groupDuration;
    private readonly UpDownCounter<long> _activeGroups;

    public RolloutMetrics(IMeterFactory? meterFactory)
    {
        var options = new MeterOptions(MeterName) { Version = typeof(RolloutMetrics).Assembly.GetName().Version?.ToString() };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _rollouts = _meter.CreateCounter<long>("upgrade.rollout.count", "{rollout}", "Rollouts that reached a final status.");
        _rolloutDuration = _meter.CreateHistogram<double>("upgrade.rollout.duration", "s", "Time from start to final status of rollouts.");
        _nodeUpgrades = _meter.CreateCounter<long>("upgrade.rollout.node_upgrade.count", "{upgrade}", "Node upgrades that ended.");
        _nodeUpgradeDuration = _meter.CreateHistogram<double>("upgrade.rollout.node_upgrade.duration", "s", "Time from start to end of node upgrades, health validation included.");
        _active = _meter.CreateUpDownCounter<long>("upgrade.rollout.active", "{rollout}", "Rollouts started and not yet final in this process.");
        _progress = _meter.CreateGauge<double>("upgrade.rollout.progress", "1", "Fraction of a rollout's nodes that ended.");
        _nodePhase = _meter.CreateGauge<long>("upgrade.rollout.node_phase", "{node}", "Nodes of a rollout in each upgrade phase.");
        _groups = _meter.CreateCounter<long>("upgrade.rollout_group.count", "{group}", "Rollout groups that reached a final status.");
        _groupDuration = _meter.CreateHistogram<double>("upgrade.rollout_group.duration", "s", "Time from start to final status of rollout groups.");
        _activeGroups = _meter.CreateUpDownCounter<long>("upgrade.rollout_group.active", "{group}", "Rollout groups started and not yet final in this process.");
    }

    public void RolloutStarted(Rollout rollout) => _active.Add(1, new KeyValuePair<string, object?>(ChainTag, rollout.ChainProfileId));

    public void RolloutEnded(Rollout rollout, TimeSpan duration)
    {
        var tags = new TagList
        {
            { ChainTag, rollout.ChainProfileId },
            { StrategyTag, WireNames.Of(rollout.Strategy) },
            { StatusTag, rollout.Status.ToWireName() },
        };
        _rollouts.Add(1, tags);
        _rolloutDuration.Record(duration.TotalSeconds, tags);
        _active.Add(-1, new KeyValuePair<string, object?>(ChainTag, rollout.ChainProfileId));
    }

    public void NodeEnded(Rollout rollout, RolloutNode node, TimeSpan duration)
    {
        var tags = new TagList { { ChainTag, rollout.ChainProfileId }, { NodeStatusTag, WireNames.Of(node.Status) } };
        _nodeUpgrades.Add(1, tags);
        _nodeUpgradeDuration.Record(duration.TotalSeconds, tags);
    }

    public void Progress(Rollout rollout)
    {
        var ended = rollout.TotalNodes - rollout.PendingNodes;
        var fraction = rollout.TotalNodes == 0 ? 1.0 : (double)ended / rollout.TotalNodes;

        // The rollout id is a tag here, as in the original metric: one active rollout per chain keeps it bounded.
        _progress.Record(fraction, new TagList { { ChainTag, rollout.ChainProfileId }, { RolloutIdTag, rollout.Id.ToString("D") } });
    }

    public void NodePhases(Rollout rollout, IEnumerable<RolloutNode> nodes)
    {
        var counts = Enum.GetValues<UpgradePhase>().ToDictionary(p => p, _ => 0L);
        foreach (var node in nodes)
        {
            if (node.Status == NodeUpgradeStatus.InProgress && node.UpgradePhase is { } phase)
            {
                counts[phase]++;
            }
        }

        foreach (var (phase, count) in counts)
        {
            _nodePhase.Record(count, new TagList
            {
                { ChainTag, rollout.ChainProfileId },
                { RolloutIdTag, rollout.Id.ToString("D") },
                { PhaseTag, WireNames.Of(phase) },
            });
        }
    }

    /// <summary>Records a group that became active (started, or reopened by a rollback) or final.</summary>
    public void GroupTransition(RolloutGroup group, TimeSpan duration)
    {
        var chain = new KeyValuePair<string, object?>(ChainTag, group.ChainProfileId);
        if (group.Status.IsActive())
        {
            _activeGroups.Add(1, chain);
            return;
        }

        var tags = new TagList
        {
            { ChainTag, group.ChainProfileId },
            { GroupPolicyTag, WireNames.Of(group.FailurePolicy) },
            { GroupStatusTag, group.Status.ToWireName() },
        };
        _groups.Add(1, tags);
        if (group.StartedAt is not null)
        {
            _groupDuration.Record(duration.TotalSeconds, tags);
            _activeGroups.Add(-1, chain);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
