using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>
/// Drives every active rollout group and standalone rollout in the background: at each poll it starts
/// <see cref="RolloutEngine.RunGroupAsync"/> for the active groups and <see cref="RolloutEngine.RunAsync"/> for the active
/// rollouts no active group drives, unless it already drives them, so started, resumed and signalled work moves on, and
/// a restarted host resumes what was in flight.
/// </summary>
internal sealed class RolloutWorker : BackgroundService
{
    private readonly RolloutEngine _engine;
    private readonly UpgradeOrchestrationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, Task> _running = [];
    private readonly HashSet<Guid> _groups = [];

    public RolloutWorker(RolloutEngine engine, IOptions<UpgradeOrchestrationOptions> options, TimeProvider timeProvider, ILogger<RolloutWorker>? logger)
    {
        _engine = engine;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PublishLeftoverEventsAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.WorkerPollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the runs see the same token and stop at their next await; their stored state stays valid.
        }

        await Task.WhenAll(_running.Values.Select(t => t.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))).ConfigureAwait(false);
    }

    /// <summary>Publishes the events that rollouts and groups which ended during a crash left stored; polls see active ones only.</summary>
    private async Task PublishLeftoverEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _engine.PublishLeftoverEventsOfFinalRolloutsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _logger.WorkerPollFailed(exception);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, task) in _running.Where(r => r.Value.IsCompleted).ToList())
        {
            _running.Remove(id);
            if (task.Exception?.InnerException is { } exception && !UpgradeException.IsCancellation(exception))
            {
                if (_groups.Remove(id))
                {
                    _logger.GroupRunFailed(id, exception);
                }
                else
                {
                    _logger.RolloutRunFailed(id, exception);
                }
            }

            _groups.Remove(id);
        }

        IReadOnlyList<Rollout> active;
        IReadOnlyList<RolloutGroup> groups;
        try
        {
            (groups, active) = await _engine.ListRunnableAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _logger.WorkerPollFailed(exception);
            return;
        }

        foreach (var group in groups)
        {
            if (!_running.ContainsKey(group.Id))
            {
                _groups.Add(group.Id);
                _running[group.Id] = _engine.RunGroupAsync(group.Id, cancellationToken);
            }
        }

        foreach (var rollout in active)
        {
            if (!_running.ContainsKey(rollout.Id))
            {
                _running[rollout.Id] = _engine.RunAsync(rollout.Id, cancellationToken);
            }
        }
    }
}
