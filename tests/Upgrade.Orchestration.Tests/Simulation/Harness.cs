using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>Builds services and engines over a simulated world, and drives fake time until a run returns.</summary>
internal static class Harness
{
    public static readonly string TargetChecksum = Sha256Checksum.Compute("v2"u8);

    /// <summary>
    /// The send timeout of simulations: hours, not the production ten minutes. Simulated agents answer within a minute,
    /// but on a starved thread pool the fake clock can run ahead of an agent's continuation for many steps, and a short
    /// timeout would turn a late answer into an unknown outcome that no real run would see.
    /// </summary>
    public static readonly TimeSpan SimulationTimeout = TimeSpan.FromHours(6);

    /// <summary>Options for simulations.</summary>
    public static UpgradeOrchestrationOptions Options() => new()
    {
        UpgradeTimeout = SimulationTimeout,
        UpgradeRetries = 3,
        UpgradeRetryDelay = TimeSpan.FromSeconds(5),
        HealthPollInterval = TimeSpan.FromSeconds(15),
    };

    public static RolloutService Service(IRolloutStore store, TimeProvider time, IChainCatalog? chains = null, IManifestReader? manifests = null, IConfigTemplateSource? templates = null, IConfigVariableSource? variables = null)
    {
        store = Track(store, time);
        return new(store, new RolloutCreator(store, manifests, chains, templates, variables, time), time);
    }

    public static RolloutEngine Engine(IRolloutStore store, SimWorld world, IRolloutEventSink? events = null, UpgradeOrchestrationOptions? options = null) =>
        new(Track(store, world.Time), world.Transport(), world.Inventory(), world.Health(), events, new RolloutMetrics(null), options ?? Options(), world.Time, null);

    /// <summary>
    /// Counts the store calls in flight per fake clock, so that <see cref="DriveAsync"/> never moves time while real I/O
    /// runs: on a loaded machine a SQLite write can take long enough for a racing clock to fire timeouts that an
    /// uninterrupted run would never see.
    /// </summary>
    internal static IRolloutStore Track(IRolloutStore store, TimeProvider time)
        => time is FakeTimeProvider fake && store is not BusyTrackingStore ? new BusyTrackingStore(store, Busy.GetOrCreateValue(fake)) : store;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FakeTimeProvider, BusyCounter> Busy = new();

    public static RolloutRequest Request(RolloutStrategy strategy, int batchSize = 2, int canarySize = 1, double threshold = 1.0, int seed = 1) => new()
    {
        ChainProfileId = "chain-a",
        NodeType = "full",
        SourceVersion = SimWorld.SourceVersion,
        BinaryName = "node",
        TargetVersion = SimWorld.TargetVersion,
        TargetBinaryUrl = "https://releases.example/node-v2",
        TargetBinaryChecksum = TargetChecksum,
        ManifestContentHash = Sha256Checksum.Compute("manifest"u8),
        RuntimeType = RuntimeTypes.Systemd,
        Strategy = strategy,
        BatchSize = batchSize,
        CanarySize = canarySize,
        FailureThreshold = threshold,
        HealthWaitDuration = TimeSpan.FromMinutes(1),
        Seed = seed,
    };

    /// <summary>Advances fake time in 15 s steps until the task ends, paced by <see cref="PaceAsync"/>.</summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task)
    {
        for (var step = 0; !task.IsCompleted; step++)
        {
            if (step > 200_000)
            {
                throw new InvalidOperationException("The simulation made no progress.");
            }

            await SettleAsync(time);
            time.Advance(TimeSpan.FromSeconds(15));
            if (task.IsCompleted)
            {
                break;
            }

            await PaceAsync(step);
        }

        return await task;
    }

    /// <summary>
    /// Moves fake time in steps until what <paramref name="read"/> returns meets the condition, for work that runs in the
    /// background (a hosted worker). The wait is bounded by real time, not by a number of steps: on a loaded machine
    /// the background work can stay unscheduled for many quick steps. Steps are paced by <see cref="PaceAsync"/>.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(FakeTimeProvider time, Func<Task<T>> read, Func<T, bool> condition, TimeSpan step, string what)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        for (var steps = 0; ; steps++)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (elapsed.Elapsed > BackgroundWorkLimit)
            {
                throw new TimeoutException($"After {steps} steps of {step} and {BackgroundWorkLimit.TotalSeconds} s of real time, still waiting until {what}.");
            }

            await SettleAsync(time);
            if (step > TimeSpan.Zero)
            {
                time.Advance(step);
            }

            await PaceAsync(steps);
        }
    }

    /// <summary>
    /// Ends a step of fake time: every sixteenth step waits a real millisecond, the others only yield. A thread that the
    /// OS deschedules in the middle of engine or worker code is neither queued nor in a store call, so nothing else holds
    /// the clock back, and without this floor the clock could run hours ahead of it (a send timeout) within a tenth of
    /// a second.
    /// </summary>
    private static async Task PaceAsync(int step)
    {
        if (step % 16 == 15)
        {
            await Task.Delay(1);
        }
        else
        {
            await Task.Yield();
        }
    }

    private static readonly TimeSpan BackgroundWorkLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until no store call is in flight and the thread pool has no queued work, before the caller moves fake
    /// time: a clock that races ahead of real I/O or of continuations queued behind a loaded pool fires timeouts an
    /// unloaded run never sees. The wait is capped, because other tests running in parallel keep the shared pool busy.
    /// </summary>
    public static async Task SettleAsync(FakeTimeProvider time)
    {
        var busy = Busy.GetOrCreateValue(time);
        for (var wait = 0; wait < 50 && (busy.InFlight > 0 || ThreadPool.PendingWorkItemCount > 0); wait++)
        {
            await Task.Delay(1);
        }
    }
}

/// <summary>Records events.</summary>
internal sealed class RecordingEventSink : IRolloutEventSink
{
    private readonly Lock _gate = new();

    public List<RolloutEvent> Events { get; } = [];

    public ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Events.Add(rolloutEvent);
        }

        return ValueTask.CompletedTask;
    }

    public List<RolloutEvent> Snapshot()
    {
        lock (_gate)
        {
            return [.. Events];
        }
    }
}

/// <summary>The number of store calls in flight for one fake clock.</summary>
internal sealed class BusyCounter
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}

/// <summary>A store decorator that marks its calls in flight on a <see cref="BusyCounter"/>.</summary>
internal sealed class BusyTrackingStore(IRolloutStore inner, BusyCounter busy) : IRolloutStore
{
    public Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken) => Track(() => inner.InsertAsync(rollout, cancellationToken));

    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken) => Track(() => inner.GetAsync(rolloutId, cancellationToken));

    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken) => Track(() => inner.ListAsync(activeOnly, cancellationToken));

    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken) => Track(() => inner.GetNodesAsync(rolloutId, cancellationToken));

    public Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
        => Track(() => inner.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken));

    public Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
        => Track(async () => { await inner.SetNodePhaseAsync(rolloutId, nodeId, phase, cancellationToken); return true; });

    public Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => Track(() => inner.AppendSignalAsync(rolloutId, kind, nodeId, createdAt, cancellationToken));

    public Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken)
        => Track(() => inner.GetSignalsAsync(rolloutId, afterSequence, cancellationToken));

    private async Task<T> Track<T>(Func<Task<T>> call)
    {
        busy.Enter();
        try
        {
            return await call();
        }
        finally
        {
            busy.Exit();
        }
    }
}
