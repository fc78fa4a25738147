using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>Builds services and engines over a simulated world, and drives fake time until a run returns.</summary>
internal static class Harness
{
    public static readonly string TargetChecksum = Sha256Checksum.Compute("v2"u8);

    public static UpgradeOrchestrationOptions Options() => new()
    {
        UpgradeTimeout = TimeSpan.FromMinutes(10),
        UpgradeRetries = 3,
        UpgradeRetryDelay = TimeSpan.FromSeconds(5),
        HealthPollInterval = TimeSpan.FromSeconds(15),
    };

    public static RolloutService Service(IRolloutStore store, TimeProvider time, IChainCatalog? chains = null, IManifestReader? manifests = null, IConfigTemplateSource? templates = null, IConfigVariableSource? variables = null) =>
        new(store, new RolloutCreator(store, manifests, chains, templates, variables, time), time);

    public static RolloutEngine Engine(IRolloutStore store, SimWorld world, IRolloutEventSink? events = null, UpgradeOrchestrationOptions? options = null) =>
        new(store, world.Transport(), world.Inventory(), world.Health(), events, new RolloutMetrics(null), options ?? Options(), world.Time, null);

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

    /// <summary>Advances fake time in steps until the task ends; no real sleeps.</summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> task)
    {
        for (var step = 0; !task.IsCompleted; step++)
        {
            if (step > 200_000)
            {
                throw new InvalidOperationException("The simulation made no progress.");
            }

            time.Advance(TimeSpan.FromSeconds(15));
            if (!task.IsCompleted)
            {
                await Task.Yield();
            }
        }

        return await task;
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
