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
        IMaintenanceRegistry? maintenance = null)
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

    /// <summary>Resumes every active rollout in the store (after a restart), each until it ends or waits.</summary>
    /// <param name="cancellationToken">Stops the engine.</param>
    /// <returns>The rollouts as stored when the engine stopped, in creation order.</returns>
    public async Task<IReadOnlyList<Rollout>> RunAllAsync(CancellationToken cancellationToken = default)
    {
        var active = await Store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
        var runs = active.Select(r => RunAsync(r.Id, cancellationToken)).ToList();
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }
}
