using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>
/// Seeded simulations of rollout groups on fake time: component k of n fails on some nodes (a failed upgrade or an
/// unhealthy node), under every strategy and failure threshold, and each failure policy must end with exactly the
/// statuses, versions and counters it defines.
/// </summary>
public sealed class RolloutGroupSimulationTests
{
    private const int Seeds = 60;

    [Fact]
    public async Task RunGroupAsync_NoFailure_CompletesEveryComponentInOrder()
    {
        var world = new GroupWorld(1, 4, ["geth", "lighthouse", "mev-boost"]);
        var scenario = new GroupScenario(1, RolloutGroupFailurePolicy.RollbackAll, components: 3, failing: 0, nodes: 4);
        scenario.World.FailingUpgrades.Clear();
        scenario.World.UnhealthyOnTarget.Clear();
        world = scenario.World;
        var store = new InMemoryRolloutStore();
        var events = new RecordingEventSink();
        var service = world.Service(store, store);
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);

        var final = await GroupScenario.DriveAsync(world, world.Engine(store, store, events), service, group.Id, ManualChoice.Resume);

        final.Status.ShouldBe(RolloutGroupStatus.Completed);
        final.CurrentComponentIndex.ShouldBe(3);
        world.Versions.Values.ShouldAllBe(v => v == GroupWorld.TargetVersion);
        var status = (await service.GetStatusAsync(group.Id))!;
        status.Components.Select(c => c.Rollout!.Status).ShouldAllBe(s => s == RolloutStatus.Completed);
        status.Components.Select(c => c.Rollout!.GroupId).ShouldAllBe(id => id == group.Id);
        status.Components.Select(c => c.Rollout!.ComponentIndex!.Value).ShouldBe([0, 1, 2]);
        status.Components.Select(c => c.Rollout!.CreatedBy).ShouldAllBe(c => c == "operator-1");
        status.Components.ShouldAllBe(c => c.Progress == 1.0);

        // Components run one after another: every upgrade of a component starts after the previous one's last.
        var log = world.ExecutionLog();
        for (var i = 1; i < 3; i++)
        {
            log.Where(e => e.Binary == scenario.Binaries[i]).Min(e => e.Sequence)
                .ShouldBeGreaterThan(log.Where(e => e.Binary == scenario.Binaries[i - 1]).Max(e => e.Sequence));
        }

        var types = events.Snapshot().Where(e => e.GroupId == group.Id && e.Type.StartsWith("rollout_group_", StringComparison.Ordinal)).Select(e => e.Type).ToList();
        types.First().ShouldBe(RolloutEventTypes.GroupStarted);
        types.Last().ShouldBe(RolloutEventTypes.GroupCompleted);
        types.Count(t => t == RolloutEventTypes.GroupComponentStarted).ShouldBe(3);
        types.Count(t => t == RolloutEventTypes.GroupComponentCompleted).ShouldBe(3);
        events.Snapshot().Where(e => e.Type == RolloutEventTypes.RolloutCompleted).ShouldAllBe(e => e.GroupId == group.Id);
        (await store.ListAsync(activeOnly: true, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunGroupAsync_PartialOk_StopsAtTheFailedComponentOverSeeds()
    {
        var endings = new HashSet<RolloutStatus>();
        var failedAt = new HashSet<int>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var (scenario, store, final) = await RunAsync(seed, RolloutGroupFailurePolicy.PartialOk, ManualChoice.Resume);
            var context = scenario.Context;
            var k = scenario.FailingComponent;
            final.Status.ShouldBe(RolloutGroupStatus.Partial, context);
            final.FailedComponentIndex.ShouldBe(k, context);
            final.ErrorMessage.ShouldNotBeNullOrEmpty(context);
            await AssertCompletedAsync(scenario, store, final.Id, Enumerable.Range(0, k), context);
            var failed = await ComponentAsync(store, final.Id, k);
            failed.ShouldNotBeNull(context);
            failed.Status.ShouldBeOneOf([RolloutStatus.Failed, RolloutStatus.Cancelled], context);
            endings.Add(failed.Status);
            final.ErrorMessage.ShouldNotBeNull(context).ShouldContain(failed.Status == RolloutStatus.Cancelled ? "paused" : "ended failed", Case.Sensitive, context);
            failedAt.Add(k);
            failed.FailedNodes.ShouldBeGreaterThan(0, context);
            failed.PendingNodes.ShouldBe(0, context);
            await AssertVersionsFollowNodesAsync(scenario, store, final.Id, k, context);
            await AssertNotStartedAsync(scenario, store, final.Id, Enumerable.Range(k + 1, scenario.Binaries.Length - k - 1), context);
            (await store.ListAsync(activeOnly: true, default)).ShouldBeEmpty(context);
        }

        // The seeds cover a component that ended failed and one paused by its threshold (then cancelled), at every position.
        endings.ShouldBe([RolloutStatus.Failed, RolloutStatus.Cancelled], ignoreOrder: true);
        failedAt.ShouldBe([0, 1, 2], ignoreOrder: true);
    }

    [Fact]
    public async Task RunGroupAsync_RollbackAll_RollsBackEveryUpgradedComponentInReverseOrderOverSeeds()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var (scenario, store, final) = await RunAsync(seed, RolloutGroupFailurePolicy.RollbackAll, ManualChoice.Resume);
            AssertRolledBack(scenario, final);
            await AssertRollbackCountersAsync(scenario, store, final.Id);
        }
    }

    [Fact]
    public async Task RunGroupAsync_ManualThenResume_AcceptsTheFailedComponentAndRunsTheRestOverSeeds()
    {
        var forced = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var pauses = new List<RolloutGroup>();
            var (scenario, store, final) = await RunAsync(seed, RolloutGroupFailurePolicy.Manual, ManualChoice.Resume, pauses);
            forced += (await ComponentAsync(store, final.Id, scenario.FailingComponent))!.Forced ? 1 : 0;
            var context = scenario.Context;
            var k = scenario.FailingComponent;
            AssertPausedOnce(scenario, pauses);
            final.Status.ShouldBe(RolloutGroupStatus.Partial, context);
            final.AcceptedComponents.ShouldBe([k], context);
            await AssertCompletedAsync(scenario, store, final.Id, Enumerable.Range(0, scenario.Binaries.Length).Where(i => i != k), context);

            // Resumed and forced: every batch of the failed component ran; exactly the failing nodes failed.
            var failed = (await ComponentAsync(store, final.Id, k))!;
            failed.Status.ShouldBe(RolloutStatus.Failed, context);
            failed.TotalNodes.ShouldBe(scenario.NodeCount, context);
            failed.FailedNodes.ShouldBe(scenario.FailingNodes.Count, context);
            failed.SucceededNodes.ShouldBe(scenario.NodeCount - scenario.FailingNodes.Count, context);
            failed.PendingNodes.ShouldBe(0, context);
            await AssertVersionsFollowNodesAsync(scenario, store, final.Id, k, context);
        }

        // Some seeds paused the component on its threshold: resume forced it through the remaining batches.
        forced.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunGroupAsync_ManualThenSkip_StopsTheFailedComponentAndRunsTheRestOverSeeds()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var pauses = new List<RolloutGroup>();
            var (scenario, store, final) = await RunAsync(seed, RolloutGroupFailurePolicy.Manual, ManualChoice.Skip, pauses);
            var context = scenario.Context;
            var k = scenario.FailingComponent;
            AssertPausedOnce(scenario, pauses);
            final.Status.ShouldBe(RolloutGroupStatus.Partial, context);
            final.AcceptedComponents.ShouldBe([k], context);
            await AssertCompletedAsync(scenario, store, final.Id, Enumerable.Range(0, scenario.Binaries.Length).Where(i => i != k), context);
            var failed = (await ComponentAsync(store, final.Id, k))!;
            failed.Status.ShouldBeOneOf([RolloutStatus.Failed, RolloutStatus.Cancelled], context);
            failed.PendingNodes.ShouldBe(0, context);
            await AssertVersionsFollowNodesAsync(scenario, store, final.Id, k, context);
        }
    }

    [Fact]
    public async Task RunGroupAsync_ManualThenRollback_RollsBackEveryUpgradedComponentOverSeeds()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var pauses = new List<RolloutGroup>();
            var (scenario, store, final) = await RunAsync(seed, RolloutGroupFailurePolicy.Manual, ManualChoice.Rollback, pauses);
            AssertPausedOnce(scenario, pauses);
            AssertRolledBack(scenario, final);
            await AssertRollbackCountersAsync(scenario, store, final.Id);
        }
    }

    private static async Task<(GroupScenario Scenario, InMemoryRolloutStore Store, RolloutGroup Final)> RunAsync(int seed, RolloutGroupFailurePolicy policy, ManualChoice choice, List<RolloutGroup>? pauses = null)
    {
        var scenario = new GroupScenario(seed, policy);
        var store = new InMemoryRolloutStore();
        var service = scenario.World.Service(store, store);
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);
        var final = await GroupScenario.DriveAsync(scenario.World, scenario.World.Engine(store, store), service, group.Id, choice, pauses);
        scenario.World.ExecutionLog().Select(e => (e.Node, e.UpgradeId)).ShouldBeUnique(scenario.Context);
        return (scenario, store, final);
    }

    private static void AssertPausedOnce(GroupScenario scenario, List<RolloutGroup> pauses)
    {
        pauses.Count.ShouldBe(1, scenario.Context);
        pauses[0].FailedComponentIndex.ShouldBe(scenario.FailingComponent, scenario.Context);
        pauses[0].CurrentComponentIndex.ShouldBe(scenario.FailingComponent, scenario.Context);
    }

    private static void AssertRolledBack(GroupScenario scenario, RolloutGroup final)
    {
        var context = scenario.Context;
        final.Status.ShouldBe(RolloutGroupStatus.RolledBack, context);
        final.FailedComponentIndex.ShouldBe(scenario.FailingComponent, context);
        final.CurrentComponentIndex.ShouldBe(-1, context);
        scenario.World.Versions.Values.ShouldAllBe(v => v == GroupWorld.SourceVersion, context);

        // Reverse order: every rollback of component i runs before any rollback of component i - 1.
        var rollbacks = scenario.World.ExecutionLog().Where(e => e.UpgradeId.EndsWith("-rollback", StringComparison.Ordinal)).ToList();
        var order = rollbacks.Select(e => Array.IndexOf(scenario.Binaries, e.Binary)).ToList();
        order.ShouldBe(order.OrderByDescending(i => i).ToList(), context);
        order.Distinct().Count().ShouldBe(scenario.FailingComponent + (rollbacks.Any(e => e.Binary == scenario.Binaries[scenario.FailingComponent]) ? 1 : 0), context);
    }

    private static async Task AssertRollbackCountersAsync(GroupScenario scenario, InMemoryRolloutStore store, Guid groupId)
    {
        var context = scenario.Context;
        var k = scenario.FailingComponent;
        for (var i = 0; i <= k; i++)
        {
            var rollout = (await ComponentAsync(store, groupId, i))!;
            rollout.Status.ShouldBe(RolloutStatus.RolledBack, context);
            rollout.SucceededNodes.ShouldBe(0, context);
            rollout.PendingNodes.ShouldBe(0, context);
            if (i < k)
            {
                rollout.RolledBackNodes.ShouldBe(scenario.NodeCount, context);
            }
            else
            {
                rollout.FailedNodes.ShouldBeGreaterThan(0, context);
            }
        }

        await AssertNotStartedAsync(scenario, store, groupId, Enumerable.Range(k + 1, scenario.Binaries.Length - k - 1), context);
        (await store.ListAsync(activeOnly: true, default)).ShouldBeEmpty(context);
    }

    private static async Task AssertCompletedAsync(GroupScenario scenario, InMemoryRolloutStore store, Guid groupId, IEnumerable<int> components, string context)
    {
        foreach (var i in components)
        {
            var rollout = await ComponentAsync(store, groupId, i);
            rollout.ShouldNotBeNull(context);
            rollout.Status.ShouldBe(RolloutStatus.Completed, context);
            rollout.SucceededNodes.ShouldBe(scenario.NodeCount, context);
            rollout.FailedNodes.ShouldBe(0, context);
            scenario.World.Agents.Keys.ShouldAllBe(n => scenario.World.VersionOf(n, scenario.Binaries[i]) == GroupWorld.TargetVersion, context);
        }
    }

    private static async Task AssertNotStartedAsync(GroupScenario scenario, InMemoryRolloutStore store, Guid groupId, IEnumerable<int> components, string context)
    {
        foreach (var i in components)
        {
            (await ComponentAsync(store, groupId, i)).ShouldBeNull(context);
            scenario.World.Agents.Keys.ShouldAllBe(n => scenario.World.VersionOf(n, scenario.Binaries[i]) == GroupWorld.SourceVersion, context);
        }
    }

    /// <summary>A node of the component runs the target version exactly when its upgrade succeeded.</summary>
    private static async Task AssertVersionsFollowNodesAsync(GroupScenario scenario, InMemoryRolloutStore store, Guid groupId, int component, string context)
    {
        var rollout = (await ComponentAsync(store, groupId, component))!;
        foreach (var node in await store.GetNodesAsync(rollout.Id, default))
        {
            var expected = node.Status == NodeUpgradeStatus.Succeeded ? GroupWorld.TargetVersion : GroupWorld.SourceVersion;
            scenario.World.VersionOf(node.NodeId, scenario.Binaries[component]).ShouldBe(expected, $"{context}, {node.NodeId} {WireNames.Of(node.Status)}");
            if (scenario.FailingNodes.Contains(node.NodeId))
            {
                node.Status.ShouldBeOneOf([NodeUpgradeStatus.Failed, NodeUpgradeStatus.Skipped], context);
            }
        }
    }

    private static Task<Rollout?> ComponentAsync(IRolloutStore store, Guid groupId, int index) =>
        store.GetAsync(RolloutGroupPlans.ComponentRolloutId(groupId, index), default);
}
