using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Upgrade.Orchestration;

/// <summary>
/// The durable rollout state machine. <see cref="RunAsync"/> drives one rollout from its stored state until it ends
/// or waits for an operator; every transition is stored before its effect starts, so a restarted engine resumes a
/// rollout where it stopped and reaches the same end.
/// </summary>
/// <remarks>
/// Upgrade ids are deterministic per node and attempt (<c>{rolloutId:N}-{nodeId}-a{attempt}</c>), so an upgrade resent
/// after a crash is answered from the agent's completed-upgrade store instead of running twice. Two engines cannot
/// advance one rollout: every write is guarded by the rollout's version and the loser gets a
/// <see cref="ConcurrencyException"/>.
/// </remarks>
public sealed class RolloutEngine
{
    private bool _finalRolloutsSwept;

    internal RolloutEngine(
        IRolloutStore store,
        IAgentTransport transport,
        INodeInventory inventory,
        IHealthSource health,
        IRolloutEventSink? events,
        RolloutMetrics metrics,
        UpgradeOrchestrationOptions options,
        TimeProvider timeProvider,
        ILogger? logger,
        IIncidentSink? incidents = null,
        IMaintenanceRegistry? maintenance = null,
        IRolloutGroupStore? groups = null,
        RolloutCreator? creator = null)
    {
        Store = store;
        Transport = transport;
        Inventory = inventory;
        Health = health;
        Events = events ?? NullRolloutEventSink.Instance;
        Metrics = metrics;
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger ?? NullLogger.Instance;
        Incidents = incidents ?? NullIncidentSink.Instance;
        Maintenance = maintenance ?? new InMemoryMaintenanceRegistry(timeProvider);
        Groups = groups ?? store as IRolloutGroupStore;
        Creator = creator ?? new RolloutCreator(store, null, null, null, null, timeProvider);
        SendPipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.UpgradeRetries),
                Delay = options.UpgradeRetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<AgentUnavailableException>().Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(options.UpgradeTimeout)
            .Build();
        NoRetryPipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(options.UpgradeTimeout).Build();
    }

    internal IRolloutStore Store { get; }

    internal IAgentTransport Transport { get; }

    internal INodeInventory Inventory { get; }

    internal IHealthSource Health { get; }

    internal IRolloutEventSink Events { get; }

    internal RolloutMetrics Metrics { get; }

    internal UpgradeOrchestrationOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal IIncidentSink Incidents { get; }

    internal IMaintenanceRegistry Maintenance { get; }

    internal IRolloutGroupStore? Groups { get; }

    internal RolloutCreator Creator { get; }

    internal ResiliencePipeline SendPipeline { get; }

    internal ResiliencePipeline NoRetryPipeline { get; }

    /// <summary>
    /// Drives a rollout from its stored state: applies pending signals, runs batches, and returns when the rollout is
    /// pending (not started), paused, or final. Call it again after a signal that lets the rollout continue.
    /// </summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Stops the engine; the stored state stays valid and a later call resumes it.</param>
    /// <returns>The rollout as stored when the engine stopped.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist.</exception>
    /// <exception cref="ConcurrencyException">Another engine advanced the rollout.</exception>
    public async Task<Rollout> RunAsync(Guid rolloutId, CancellationToken cancellationToken = default)
    {
        var run = new RolloutRun(this, rolloutId);
        return await run.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drives a rollout group from its stored state: applies pending group signals, creates and drives one rollout per
    /// component in order (with a health gate between components), applies the failure policy, and returns when the
    /// group is pending, paused, final, or waits on a component rollout (paused by an operator or at a canary gate).
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Stops the engine; the stored state stays valid and a later call resumes it.</param>
    /// <returns>The group as stored when the engine stopped.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist, or the store keeps no groups.</exception>
    /// <exception cref="ConcurrencyException">Another engine advanced the group or one of its rollouts.</exception>
    public async Task<RolloutGroup> RunGroupAsync(Guid groupId, CancellationToken cancellationToken = default)
    {
        var groups = Groups ?? throw new InvalidOperationException($"The rollout store ({Store.GetType().Name}) keeps no rollout groups; it does not implement {nameof(IRolloutGroupStore)}.");
        var run = new RolloutGroupRun(this, groups, groupId);
        return await run.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes every active rollout group and every active rollout that no active group drives (after a restart),
    /// each until it ends or waits. A group drives its own component rollouts.
    /// </summary>
    /// <param name="cancellationToken">Stops the engine.</param>
    /// <returns>The standalone rollouts as stored when the engine stopped, in creation order.</returns>
    public async Task<IReadOnlyList<Rollout>> RunAllAsync(CancellationToken cancellationToken = default)
    {
        await PublishLeftoverEventsOfFinalRolloutsAsync(cancellationToken).ConfigureAwait(false);
        var (groups, rollouts) = await ListRunnableAsync(cancellationToken).ConfigureAwait(false);
        var groupRuns = groups.Select(g => RunGroupAsync(g.Id, cancellationToken)).ToList();
        var runs = rollouts.Select(r => RunAsync(r.Id, cancellationToken)).ToList();
        await Task.WhenAll(groupRuns).ConfigureAwait(false);
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>
    /// Once per engine: a rollout or group that ended while its final events were being published is never run again, so
    /// the first pass after a start publishes what such rollouts and groups left stored.
    /// </summary>
    internal async Task PublishLeftoverEventsOfFinalRolloutsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _finalRolloutsSwept))
        {
            return;
        }

        var all = await Store.ListAsync(activeOnly: false, cancellationToken).ConfigureAwait(false);
        foreach (var rollout in all.Where(r => r.Status.IsTerminal() && r.UnpublishedEvents.Count > 0))
        {
            await RunAsync(rollout.Id, cancellationToken).ConfigureAwait(false);
        }

        var groups = Groups is null ? [] : await Groups.ListGroupsAsync(activeOnly: false, cancellationToken).ConfigureAwait(false);
        foreach (var group in groups.Where(g => !g.Status.IsActive() && g.UnpublishedEvents.Count > 0))
        {
            await RunGroupAsync(group.Id, cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _finalRolloutsSwept, true);
    }

    /// <summary>Lists the active groups, and the active rollouts that are standalone or whose group is no longer active.</summary>
    internal async Task<(IReadOnlyList<RolloutGroup> Groups, IReadOnlyList<Rollout> Rollouts)> ListRunnableAsync(CancellationToken cancellationToken)
    {
        var rollouts = await Store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RolloutGroup> groups = Groups is null ? [] : await Groups.ListGroupsAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
        var driven = groups.Select(g => g.Id).ToHashSet();
        return (groups, [.. rollouts.Where(r => r.GroupId is not { } group || !driven.Contains(group))]);
    }
}
