using Microsoft.Data.Sqlite;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>
/// Stops the engine at every persisted group transition (before and after the write), starts a new engine on the same
/// store, and checks that the group ends as the uninterrupted run did and that no upgrade id ran twice.
/// </summary>
public sealed class RolloutGroupCrashRecoveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "upgrade-group-crash-" + Guid.NewGuid().ToString("N"));

    public RolloutGroupCrashRecoveryTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(RolloutGroupFailurePolicy.PartialOk, ManualChoice.Resume, 0.0)]
    [InlineData(RolloutGroupFailurePolicy.PartialOk, ManualChoice.Resume, 1.0)]
    [InlineData(RolloutGroupFailurePolicy.RollbackAll, ManualChoice.Resume, 0.0)]
    [InlineData(RolloutGroupFailurePolicy.RollbackAll, ManualChoice.Resume, 1.0)]
    [InlineData(RolloutGroupFailurePolicy.Manual, ManualChoice.Resume, 0.0)]
    [InlineData(RolloutGroupFailurePolicy.Manual, ManualChoice.Skip, 0.0)]
    [InlineData(RolloutGroupFailurePolicy.Manual, ManualChoice.Rollback, 1.0)]
    public async Task RunGroupAsync_CrashAtEveryGroupWrite_ResumesToTheSameEnd(RolloutGroupFailurePolicy policy, ManualChoice choice, double threshold)
    {
        var baseline = await RunAsync(policy, choice, threshold, crashAtWrite: 0, afterWrite: false, sqlite: false);
        baseline.Writes.ShouldBeGreaterThanOrEqualTo(3);
        for (var write = 1; write <= baseline.Writes; write++)
        {
            foreach (var afterWrite in new[] { false, true })
            {
                var run = await RunAsync(policy, choice, threshold, write, afterWrite, sqlite: false);
                var context = $"{policy}/{choice}, crash {(afterWrite ? "after" : "before")} group write {write} of {baseline.Writes}";
                run.Crashed.ShouldBeTrue(context);
                run.Final.ShouldBe(baseline.Final, context);
                run.Executions.ShouldBe(baseline.Executions, context);
            }
        }
    }

    [Fact]
    public async Task RunGroupAsync_CrashAtEveryGroupWriteOnSqlite_ResumesToTheSameEnd()
    {
        var baseline = await RunAsync(RolloutGroupFailurePolicy.RollbackAll, ManualChoice.Resume, 1.0, crashAtWrite: 0, afterWrite: false, sqlite: true);
        baseline.Final.ShouldContain("group=rolled_back");
        for (var write = 1; write <= baseline.Writes; write++)
        {
            foreach (var afterWrite in new[] { false, true })
            {
                var run = await RunAsync(RolloutGroupFailurePolicy.RollbackAll, ManualChoice.Resume, 1.0, write, afterWrite, sqlite: true);
                var context = $"SQLite, crash {(afterWrite ? "after" : "before")} group write {write} of {baseline.Writes}";
                run.Crashed.ShouldBeTrue(context);
                run.Final.ShouldBe(baseline.Final, context);
                run.Executions.ShouldBe(baseline.Executions, context);
            }
        }
    }

    private async Task<Outcome> RunAsync(RolloutGroupFailurePolicy policy, ManualChoice choice, double threshold, int crashAtWrite, bool afterWrite, bool sqlite)
    {
        var scenario = new GroupScenario(seed: 7, policy, components: 3, failing: 1, nodes: 4);
        var world = scenario.World;
        var path = Path.Combine(_directory, $"{policy}-{choice}-{threshold}-{crashAtWrite}-{afterWrite}.db");
        var memory = new InMemoryRolloutStore();
        IRolloutStore Store() => sqlite ? new SqliteRolloutStore(path) : memory;
        var request = scenario.Request();
        request.ComponentOrder = [.. request.ComponentOrder!.Select(c => c with { Strategy = RolloutStrategy.Rolling, BatchSize = 2, FailureThreshold = threshold })];
        var first = Store();
        var service = world.Service(first, (IRolloutGroupStore)first);
        var group = await service.CreateAsync(request);
        await service.StartAsync(group.Id);

        var crashing = sqlite
            ? (IRolloutStore)new CrashingGroupStore<SqliteRolloutStore>((SqliteRolloutStore)first, crashAtWrite, afterWrite)
            : new CrashingGroupStore<InMemoryRolloutStore>(memory, crashAtWrite, afterWrite);
        try
        {
            await DriveFromStoredStateAsync(world, crashing, group.Id, choice);
        }
        catch (SimulatedCrashException)
        {
            // The process died; the agents (remote nodes) live on.
        }

        // A new process: a new store object on the same file (or the same memory), a new engine.
        var restarted = Store();
        await DriveFromStoredStateAsync(world, restarted, group.Id, choice);

        var final = await GroupScenario.DescribeAsync(restarted, (IRolloutGroupStore)restarted, world, group.Id);
        // Upgrade ids start with the rollout id, which differs per run (a new group); the binary stands for it.
        var executions = world.ExecutionLog().Select(e => $"{e.Binary}/{e.UpgradeId[(e.UpgradeId.IndexOf('-', StringComparison.Ordinal) + 1)..]}").ToList();
        executions.ShouldBeUnique();
        var writes = crashing is CrashingGroupStore<SqliteRolloutStore> s ? s.GroupWrites : ((CrashingGroupStore<InMemoryRolloutStore>)crashing).GroupWrites;
        var crashed = crashing is CrashingGroupStore<SqliteRolloutStore> s2 ? s2.Crashed : ((CrashingGroupStore<InMemoryRolloutStore>)crashing).Crashed;
        return new Outcome(final, [.. executions.Order(StringComparer.Ordinal)], writes, crashed);
    }

    /// <summary>The operator policy, decided from stored state only: a failure pause gets the chosen signal, once.</summary>
    private static async Task DriveFromStoredStateAsync(GroupWorld world, IRolloutStore store, Guid groupId, ManualChoice choice)
    {
        var groups = (IRolloutGroupStore)store;
        var engine = world.Engine(store, groups);
        var service = world.Service(store, groups);
        for (var round = 0; round < 20; round++)
        {
            var group = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(groupId));
            if (group.Status == RolloutGroupStatus.Paused && group.FailedComponentIndex is not null)
            {
                await (choice switch
                {
                    ManualChoice.Resume => service.ResumeAsync(groupId),
                    ManualChoice.Rollback => service.RollbackAsync(groupId),
                    _ => service.SkipAsync(groupId),
                });
                continue;
            }

            if (group.Status.IsActive())
            {
                throw new InvalidOperationException($"The group waits unexpectedly: {GroupScenario.Describe(group)}");
            }

            return;
        }

        throw new InvalidOperationException("The group did not end.");
    }

    private sealed record Outcome(string Final, List<string> Executions, int Writes, bool Crashed);
}
