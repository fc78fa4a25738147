using Microsoft.Data.Sqlite;

namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>
/// Stops the engine at every persisted transition of a rollout (before and after the write), restarts a new engine on
/// the same SQLite file, and checks that the rollout ends as the uninterrupted run did and that no upgrade id ran twice.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    // A memory-backed directory when there is one: the test counts writes, not fsync latency.
    private readonly string _directory = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "upgrade-orchestration-crash-" + Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(RolloutStrategy.Rolling, false)]
    [InlineData(RolloutStrategy.Canary, true)]
    [InlineData(RolloutStrategy.AllAtOnce, false)]
    public async Task RunAsync_CrashAtEveryWrite_ResumesToTheSameEnd(RolloutStrategy strategy, bool breaking)
    {
        var baseline = await RunAsync(strategy, breaking, crashAtWrite: 0, afterWrite: false);
        baseline.Writes.ShouldBeGreaterThan(10);
        baseline.Final.ShouldContain("status=rolled_back");
        for (var write = 1; write <= baseline.Writes; write++)
        {
            foreach (var afterWrite in new[] { false, true })
            {
                var run = await RunAsync(strategy, breaking, write, afterWrite);
                var context = $"{strategy}, crash {(afterWrite ? "after" : "before")} write {write} of {baseline.Writes}";
                run.Crashed.ShouldBeTrue(context);
                run.Final.ShouldBe(baseline.Final, context);
                run.Executions.ShouldBe(baseline.Executions, context);
            }
        }
    }

    private async Task<Outcome> RunAsync(RolloutStrategy strategy, bool breaking, int crashAtWrite, bool afterWrite)
    {
        var path = Path.Combine(_directory, $"{strategy}-{crashAtWrite}-{afterWrite}.db");
        var world = new SimWorld(seed: 11, nodeCount: 6) { UpgradeFailureRate = 0.2, UnhealthyRate = 0.2 };
        var request = Harness.Request(strategy, batchSize: 2, canarySize: 2, threshold: 1.0, seed: 5);
        if (breaking)
        {
            request.MigrationType = MigrationType.Breaking;
            request.RecoveryPlan = "reprovision";
            request.AcknowledgeStateRisk = true;
        }

        var durable = new SqliteRolloutStore(path);
        var rollout = await Harness.Service(durable, world.Time).CreateAsync(request);
        await Harness.Service(durable, world.Time).StartAsync(rollout.Id);

        var crashing = new CrashingRolloutStore(durable, crashAtWrite, afterWrite);
        try
        {
            await DriveToEndAsync(crashing, world, rollout.Id);
        }
        catch (SimulatedCrashException)
        {
            crashing.Crashed.ShouldBeTrue();
        }

        // A new process: a new store object on the same file, a new engine; the agents (remote nodes) lived on.
        var restarted = new SqliteRolloutStore(path);
        await DriveToEndAsync(restarted, world, rollout.Id);

        var final = await restarted.GetAsync(rollout.Id, default);
        var nodes = await restarted.GetNodesAsync(rollout.Id, default);
        var description = $"status={final!.Status.ToWireName()} batches={final.CurrentBatch}/{final.BatchCount} succeeded={final.SucceededNodes} failed={final.FailedNodes} rolled_back={final.RolledBackNodes} pending={final.PendingNodes}; "
            + string.Join("; ", nodes.Select(n => $"{n.NodeId}:{WireNames.Of(n.Status)}:b{n.BatchIndex}:a{n.AttemptCount}"));
        world.Executions.Select(e => e.UpgradeKey).ShouldBeUnique();
        return new Outcome(description, [.. world.Executions.Select(e => e.UpgradeKey).Order(StringComparer.Ordinal)], crashing.Writes, crashing.Crashed);
    }

    /// <summary>The operator policy, decided from stored state only: approve canaries, resume, roll back once ended.</summary>
    private static async Task DriveToEndAsync(IRolloutStore store, SimWorld world, Guid id)
    {
        var engine = Harness.Engine(store, world);
        var service = Harness.Service(store, world.Time);
        for (var round = 0; round < 50; round++)
        {
            var result = await Harness.DriveAsync(world.Time, engine.RunAsync(id));
            switch (result.Status)
            {
                case RolloutStatus.Paused when result.PauseReason == RolloutPauseReason.AwaitingCanaryApproval:
                    await service.ApproveCanaryAsync(id);
                    break;
                case RolloutStatus.Paused:
                    await service.ResumeAsync(id);
                    break;
                case RolloutStatus.Completed or RolloutStatus.Failed:
                    await service.RollbackAsync(id);
                    break;
                default:
                    return;
            }
        }

        throw new InvalidOperationException("The rollout did not end.");
    }

    private sealed record Outcome(string Final, List<string> Executions, int Writes, bool Crashed);
}

public sealed class TwoEngineTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "upgrade-two-engines-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RunAsync_TwoEnginesOnOneSqliteFile_OnlyOneAdvancesTheRollout()
    {
        var world = new SimWorld(seed: 8, nodeCount: 4);
        var service = Harness.Service(new SqliteRolloutStore(_path), world.Time);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));
        await service.StartAsync(rollout.Id);
        var first = Harness.Engine(new SqliteRolloutStore(_path), world);
        var second = Harness.Engine(new SqliteRolloutStore(_path), world);

        var runs = new[] { first.RunAsync(rollout.Id), second.RunAsync(rollout.Id) };
        await Harness.DriveAsync(world.Time, Task.WhenAll(runs).ContinueWith(_ => 0, TaskScheduler.Default));

        // Which engine loses the race depends on scheduling; when one finishes before the other reads, the other only
        // finds the rollout complete. Either way no engine fails for another reason and no node is upgraded twice.
        runs.ShouldAllBe(r => r.IsCompletedSuccessfully || (r.IsFaulted && r.Exception!.InnerException is ConcurrencyException));
        runs.Count(r => r.IsCompletedSuccessfully).ShouldBeGreaterThanOrEqualTo(1);
        (await new SqliteRolloutStore(_path).GetAsync(rollout.Id, default))!.Status.ShouldBe(RolloutStatus.Completed);
        world.Executions.Count.ShouldBe(4);
        world.Executions.Select(e => e.UpgradeKey).ShouldBeUnique();
    }
}
