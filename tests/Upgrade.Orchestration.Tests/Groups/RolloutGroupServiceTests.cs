using Microsoft.Extensions.DependencyInjection;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>Group creation rules, signal states, pause/cancel between components, the health gate, events, the worker entry point and DI.</summary>
public sealed class RolloutGroupServiceTests
{
    [Fact]
    public async Task CreateAsync_GroupAndComponentViolations_ListsThemAllAndStoresNothing()
    {
        var scenario = new GroupScenario(3, RolloutGroupFailurePolicy.PartialOk, components: 2, failing: 0, nodes: 2);
        var store = new InMemoryRolloutStore();
        var service = scenario.World.Service(store, store);
        var request = scenario.Request();
        request.FailurePolicy = null;
        request.DesiredVersions = new Dictionary<string, string> { ["geth"] = GroupWorld.SourceVersion, ["lighthouse"] = "v2" };
        request.ComponentOrder =
        [
            request.ComponentOrder![0] with { TargetBinaryChecksum = "" },
            request.ComponentOrder[1] with { ComponentIndex = 1, BatchSize = 0, TargetBinaryUrl = null },
        ];

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => service.CreateAsync(request));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe(
            [
                ("failure_policy", RolloutRules.GroupDefinition),
                ("component_order[0].target_binary_checksum", RolloutRules.ChecksumRequired),
                ("component_order[0].target_version", RolloutRules.VersionChange),
                ("component_order[1].target_binary_url", RolloutRules.Required),
                ("component_order[1].batch_size", RolloutRules.Range),
            ],
            ignoreOrder: true);
        exception.Errors.ShouldAllBe(e => !string.IsNullOrEmpty(e.Message));
        (await service.ListAsync(activeOnly: false)).ShouldBeEmpty();
        (await store.ListAsync(activeOnly: false, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_DuplicateIndexes_FailsRule8WithTheField()
    {
        var scenario = new GroupScenario(3, RolloutGroupFailurePolicy.Manual, components: 2, failing: 0, nodes: 2);
        var store = new InMemoryRolloutStore();
        var request = scenario.Request();
        request.ComponentOrder = [request.ComponentOrder![0], request.ComponentOrder[1] with { ComponentIndex = 0 }];

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => scenario.World.Service(store, store).CreateAsync(request));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("component_order[1].component_index", RolloutRules.GroupComponentOrder)]);
    }

    [Fact]
    public async Task CreateAsync_ChainWithActiveGroupOrRollout_FailsRule5AndBlocksStandaloneRollouts()
    {
        var scenario = new GroupScenario(3, RolloutGroupFailurePolicy.Manual, components: 2, failing: 0, nodes: 2);
        var store = new InMemoryRolloutStore();
        var service = scenario.World.Service(store, store);
        var first = await service.CreateAsync(scenario.Request());

        var second = await Should.ThrowAsync<UpgradeValidationException>(() => service.CreateAsync(scenario.Request()));
        second.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("chain_profile_id", RolloutRules.OneActivePerChain)]);
        second.Errors[0].Message.ShouldContain(first.Id.ToString());

        // A standalone rollout of the chain would block the group's next component.
        var standalone = Harness.Request(RolloutStrategy.Rolling);
        standalone.ChainProfileId = first.ChainProfileId;
        var rollouts = scenario.World.RolloutService(store, store);
        var blocked = await Should.ThrowAsync<UpgradeValidationException>(() => rollouts.CreateAsync(standalone));
        blocked.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("chain_profile_id", RolloutRules.OneActivePerChain)]);

        // And a group cannot start on a chain whose standalone rollout is active.
        await service.CancelAsync(first.Id);
        await scenario.World.Engine(store, store).RunGroupAsync(first.Id);
        await rollouts.CreateAsync(standalone);
        var third = await Should.ThrowAsync<UpgradeValidationException>(() => service.CreateAsync(scenario.Request()));
        third.Errors.Select(e => e.Message).Single().ShouldContain("active rollout");
    }

    [Fact]
    public async Task Signals_NotAllowedInTheGroupsState_ThrowNamingTheState()
    {
        var scenario = new GroupScenario(3, RolloutGroupFailurePolicy.Manual, components: 2, failing: 0, nodes: 2);
        var store = new InMemoryRolloutStore();
        scenario.World.FailingUpgrades.Clear();
        scenario.World.UnhealthyOnTarget.Clear();
        var service = scenario.World.Service(store, store);
        var group = await service.CreateAsync(scenario.Request());

        (await Should.ThrowAsync<InvalidOperationException>(() => service.SkipAsync(group.Id))).Message.ShouldContain("is pending; the skip signal needs it paused");
        (await Should.ThrowAsync<InvalidOperationException>(() => service.ResumeAsync(group.Id))).Message.ShouldContain("is pending");
        (await Should.ThrowAsync<InvalidOperationException>(() => service.PauseAsync(group.Id))).Message.ShouldContain("is pending");
        (await Should.ThrowAsync<InvalidOperationException>(() => service.RollbackAsync(group.Id))).Message.ShouldContain("is pending");
        await Should.ThrowAsync<InvalidOperationException>(() => service.StartAsync(Guid.NewGuid()));
        await service.StartAsync(group.Id);
        var final = await GroupScenario.DriveAsync(scenario.World, scenario.World.Engine(store, store), service, group.Id, ManualChoice.Resume);
        final.Status.ShouldBe(RolloutGroupStatus.Completed);
        (await Should.ThrowAsync<InvalidOperationException>(() => service.CancelAsync(group.Id))).Message.ShouldContain("is completed");
        (await Should.ThrowAsync<InvalidOperationException>(() => service.StartAsync(group.Id))).Message.ShouldContain("is completed; the start signal needs it pending");
        (await store.GetGroupSignalsAsync(group.Id, 0, default)).Select(s => s.Kind).ShouldBe([RolloutGroupSignalKind.Start]);
    }

    [Fact]
    public async Task PauseAndResume_WhileAComponentRuns_PauseBeforeTheNextComponent()
    {
        var (world, store, service, engine, group) = await StartedAtCanaryGateAsync(RolloutGroupFailurePolicy.Manual);
        var rollouts = world.RolloutService(store, store);

        await service.PauseAsync(group.Id);
        await rollouts.ApproveCanaryAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 0));
        var paused = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id));

        paused.Status.ShouldBe(RolloutGroupStatus.Paused);
        paused.CurrentComponentIndex.ShouldBe(1);
        paused.FailedComponentIndex.ShouldBeNull();
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 1), default)).ShouldBeNull();
        await service.ResumeAsync(group.Id);
        var final = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id));
        final.Status.ShouldBe(RolloutGroupStatus.Completed);
        final.AcceptedComponents.ShouldBeEmpty();
    }

    [Fact]
    public async Task CancelAsync_WhileAComponentWaits_CancelsItAndStartsNoOther()
    {
        var (world, store, service, engine, group) = await StartedAtCanaryGateAsync(RolloutGroupFailurePolicy.RollbackAll);

        await service.CancelAsync(group.Id);
        var final = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id));

        final.Status.ShouldBe(RolloutGroupStatus.Cancelled);
        final.CompletedAt.ShouldNotBeNull();
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 0), default))!.Status.ShouldBe(RolloutStatus.Cancelled);
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 1), default)).ShouldBeNull();
        (await store.ListAsync(activeOnly: true, default)).ShouldBeEmpty();
        (await Should.ThrowAsync<InvalidOperationException>(() => service.RollbackAsync(group.Id))).Message.ShouldContain("is cancelled");
    }

    [Fact]
    public async Task RunGroupAsync_NodeCriticalAfterTheComponent_FailsTheHealthGate()
    {
        var scenario = new GroupScenario(5, RolloutGroupFailurePolicy.PartialOk, components: 2, failing: 0, nodes: 3);
        var world = scenario.World;
        world.FailingUpgrades.Clear();
        world.UnhealthyOnTarget.Clear();

        // node-00 turns critical only once every node runs the new geth: after its own health validation passed.
        world.CriticalNow = node => node == "node-00" && world.Agents.Keys.All(n => world.VersionOf(n, "geth") == GroupWorld.TargetVersion);
        var request = scenario.Request();
        request.ComponentOrder = [.. request.ComponentOrder!.Select(c => c with { Strategy = RolloutStrategy.Rolling, BatchSize = 1 })];
        var store = new InMemoryRolloutStore();
        var events = new RecordingEventSink();
        var service = world.Service(store, store);
        var group = await service.CreateAsync(request);
        await service.StartAsync(group.Id);

        var final = await GroupScenario.DriveAsync(world, world.Engine(store, store, events), service, group.Id, ManualChoice.Resume);

        final.Status.ShouldBe(RolloutGroupStatus.Partial);
        final.FailedComponentIndex.ShouldBe(0);
        final.ErrorMessage.ShouldNotBeNull().ShouldContain("health gate");
        final.ErrorMessage.ShouldContain("node-00");
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 0), default))!.Status.ShouldBe(RolloutStatus.Completed);
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 1), default)).ShouldBeNull();
        var failed = events.Snapshot().Single(e => e.Type == RolloutEventTypes.GroupComponentFailed);
        failed.ComponentIndex.ShouldBe(0);
        failed.Subject.ShouldBe($"events.rollout_group.{group.Id:D}.component_failed");
        events.Snapshot().Last().Type.ShouldBe(RolloutEventTypes.GroupPartial);
    }

    [Fact]
    public async Task RollbackAsync_CompletedGroup_RollsEveryComponentBackInReverseOrder()
    {
        var scenario = new GroupScenario(9, RolloutGroupFailurePolicy.PartialOk, components: 3, failing: 0, nodes: 3);
        var world = scenario.World;
        world.FailingUpgrades.Clear();
        world.UnhealthyOnTarget.Clear();
        var store = new InMemoryRolloutStore();
        var service = world.Service(store, store);
        var engine = world.Engine(store, store);
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);
        (await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id))).Status.ShouldBe(RolloutGroupStatus.Completed);

        await service.RollbackAsync(group.Id);
        var final = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id));

        final.Status.ShouldBe(RolloutGroupStatus.RolledBack);
        final.FailedComponentIndex.ShouldBeNull();
        world.Versions.Values.ShouldAllBe(v => v == GroupWorld.SourceVersion);
        var order = world.ExecutionLog().Where(e => e.UpgradeId.EndsWith("-rollback", StringComparison.Ordinal)).Select(e => e.Binary).Distinct().ToList();
        order.ShouldBe(["mev-boost", "lighthouse", "geth"]);
        for (var i = 0; i < 3; i++)
        {
            var rollout = (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, i), default))!;
            rollout.Status.ShouldBe(RolloutStatus.RolledBack);
            rollout.RolledBackNodes.ShouldBe(3);
        }

        (await Should.ThrowAsync<InvalidOperationException>(() => service.RollbackAsync(group.Id))).Message.ShouldContain("is rolled_back");
    }

    [Fact]
    public async Task RunAllAsync_ActiveGroupAndStandaloneRollout_DrivesBothToTheEnd()
    {
        var scenario = new GroupScenario(6, RolloutGroupFailurePolicy.RollbackAll, components: 2, failing: 0, nodes: 2);
        var world = scenario.World;
        world.FailingUpgrades.Clear();
        world.UnhealthyOnTarget.Clear();
        var store = new InMemoryRolloutStore();
        var service = world.Service(store, store);
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);
        var rollouts = world.RolloutService(store, store);
        var standalone = Harness.Request(RolloutStrategy.AllAtOnce);
        standalone.ChainProfileId = "other-chain";
        standalone.BinaryName = "geth";
        var rollout = await rollouts.CreateAsync(standalone);
        await rollouts.StartAsync(rollout.Id);

        var engine = world.Engine(store, store);
        var results = await Harness.DriveAsync(world.Time, engine.RunAllAsync());

        results.Single().Id.ShouldBe(rollout.Id);
        results.Single().Status.ShouldBe(RolloutStatus.Completed);
        (await service.GetAsync(group.Id))!.Status.ShouldBe(RolloutGroupStatus.Completed);
        var status = (await service.GetStatusAsync(group.Id))!;
        status.Components.Select(c => c.Rollout!.Status).ShouldBe([RolloutStatus.Completed, RolloutStatus.Completed]);
        status.Components.Select(c => c.TargetVersion).ShouldBe([GroupWorld.TargetVersion, GroupWorld.TargetVersion]);
        (await service.ListAsync(activeOnly: true)).ShouldBeEmpty();
        (await service.ListAsync(activeOnly: false)).Single().Id.ShouldBe(group.Id);
    }

    [Fact]
    public async Task AddUpgradeOrchestration_InMemoryStore_ResolvesAGroupServiceThatRunsAGroup()
    {
        var scenario = new GroupScenario(8, RolloutGroupFailurePolicy.PartialOk, components: 2, failing: 0, nodes: 2);
        var world = scenario.World;
        world.FailingUpgrades.Clear();
        world.UnhealthyOnTarget.Clear();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Time);
        services.AddSingleton(world.Inventory());
        services.AddSingleton(world.Health());
        services.AddUpgradeOrchestration(o => (o.HealthPollInterval, o.UpgradeTimeout) = (TimeSpan.FromSeconds(10), Harness.SimulationTimeout))
            .UseInMemoryStore()
            .UseInProcessAgents(world.Agents.ToDictionary(a => a.Key, a => (IUpgradeAgent)a.Value, StringComparer.Ordinal));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var service = provider.GetRequiredService<RolloutGroupService>();
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);
        var final = await Harness.DriveAsync(world.Time, provider.GetRequiredService<RolloutEngine>().RunGroupAsync(group.Id));

        final.Status.ShouldBe(RolloutGroupStatus.Completed);
        final.CreatedBy.ShouldBe("operator-1");
        world.Versions.Values.ShouldAllBe(v => v == GroupWorld.TargetVersion);
    }

    /// <summary>A started two-component group whose first component (a breaking migration) waits at its canary gate.</summary>
    private static async Task<(GroupWorld World, InMemoryRolloutStore Store, RolloutGroupService Service, RolloutEngine Engine, RolloutGroup Group)> StartedAtCanaryGateAsync(RolloutGroupFailurePolicy policy)
    {
        var scenario = new GroupScenario(4, policy, components: 2, failing: 0, nodes: 3);
        var world = scenario.World;
        world.FailingUpgrades.Clear();
        world.UnhealthyOnTarget.Clear();
        var request = scenario.Request();
        request.ComponentOrder =
        [
            request.ComponentOrder![0] with
            {
                Strategy = RolloutStrategy.Canary,
                CanarySize = 1,
                MigrationType = MigrationType.Breaking,
                RecoveryPlan = "resync from snapshot",
                AcknowledgeStateRisk = true,
            },
            request.ComponentOrder[1],
        ];
        var store = new InMemoryRolloutStore();
        var service = world.Service(store, store);
        var engine = world.Engine(store, store);
        var group = await service.CreateAsync(request);
        await service.StartAsync(group.Id);
        var waiting = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(group.Id));
        waiting.Status.ShouldBe(RolloutGroupStatus.Running);
        (await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, 0), default))!.PauseReason.ShouldBe(RolloutPauseReason.AwaitingCanaryApproval);
        return (world, store, service, engine, group);
    }
}
