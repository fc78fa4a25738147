namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>A simulated node agent: runs each upgrade id once, joins a running execution, replays stored outcomes.</summary>
internal sealed class SimAgent(SimWorld world, string nodeId) : IUpgradeAgent
{
    private readonly Dictionary<string, UpgradeOutcome> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<UpgradeOutcome>> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string NodeId { get; } = nodeId;

    public Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_completed.TryGetValue(payload.UpgradeId, out var done))
            {
                return Task.FromResult(done with { IsReplay = true });
            }

            if (_running.TryGetValue(payload.UpgradeId, out var running))
            {
                return running;
            }

            var task = ExecuteAsync(payload, observer);
            if (!task.IsCompleted)
            {
                _running[payload.UpgradeId] = task;
            }

            return task;
        }
    }

    public ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_completed.GetValueOrDefault(upgradeId));
        }
    }

    private async Task<UpgradeOutcome> ExecuteAsync(UpgradePayload payload, IUpgradeProgressObserver observer)
    {
        world.Enter();
        world.RecordExecution(NodeId, payload.UpgradeId);
        world.OnExecutionStarted?.Invoke(NodeId, payload);
        try
        {
            var key = SimWorld.KeyOf(payload.UpgradeId);
            var span = (world.MaxDuration - world.MinDuration).Ticks;
            var duration = world.MinDuration + TimeSpan.FromTicks((long)(span * world.Chance("duration", key)));
            await SafeObserve(observer, UpgradePhase.Preparing).ConfigureAwait(false);
            await Task.Delay(duration / 2, world.Time).ConfigureAwait(false);
            await SafeObserve(observer, UpgradePhase.Mutating).ConfigureAwait(false);
            await Task.Delay(duration - (duration / 2), world.Time).ConfigureAwait(false);
            var isForward = payload.TargetVersion == SimWorld.TargetVersion;
            var fails = isForward && world.Chance("fail", key) < world.UpgradeFailureRate;
            UpgradeOutcome outcome;
            if (fails)
            {
                outcome = new UpgradeCompensated
                {
                    UpgradeId = payload.UpgradeId,
                    CompletedAt = world.Time.GetUtcNow(),
                    FailedAction = "start_node",
                    Error = new UpgradeError { Type = "Simulated", Message = "the node did not start" },
                };
            }
            else
            {
                lock (world.Versions)
                {
                    world.Versions[NodeId] = payload.TargetVersion;
                }

                outcome = new UpgradeSucceeded { UpgradeId = payload.UpgradeId, CompletedAt = world.Time.GetUtcNow() };
            }

            lock (_gate)
            {
                _completed[payload.UpgradeId] = outcome;
                _running.Remove(payload.UpgradeId);
            }

            return outcome;
        }
        finally
        {
            world.Leave();
        }
    }

    private static async ValueTask SafeObserve(IUpgradeProgressObserver observer, UpgradePhase phase)
    {
        try
        {
            await observer.OnPhaseChangedAsync(new UpgradePhaseChange { UpgradeId = "-", Phase = phase, Timestamp = DateTimeOffset.UnixEpoch }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // An observer of a stopped engine may fail; the agent keeps going, as a remote one would.
        }
    }
}
