using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Upgrade.Orchestration.Tests.Simulation;
using Upgrade.Orchestration.Tests.Stores;

namespace Upgrade.Orchestration.Tests.Engine;

public sealed class EngineBehaviourTests
{
    [Fact]
    public async Task RunAsync_ResponseLost_ReconcilesWithGetOutcomeAndRunsTheUpgradeOnce()
    {
        var world = new SimWorld(seed: 3, nodeCount: 1) { LostResponseRate = 1.0 };
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        world.Executions.ShouldBe([("node-00", "node-00-a1")]);
    }

    [Fact]
    public async Task RunAsync_AgentNeverAnswers_FailsTheNodeWithUnknownOutcomeAfterRetries()
    {
        var world = new SimWorld(seed: 3, nodeCount: 1) { LostRequestRate = 1.0 };
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Failed);
        var node = (await service.GetNodesAsync(rollout.Id)).Single();
        node.Status.ShouldBe(NodeUpgradeStatus.Failed);
        node.ErrorMessage!.ShouldContain("after 4 tries; the outcome is unknown");
        world.Executions.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_AnotherWriterAdvancedTheRollout_ThrowsConcurrencyException()
    {
        var world = new SimWorld(seed: 3, nodeCount: 2);
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time);
        var engine = Harness.Engine(store, world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        await service.StartAsync(rollout.Id);
        world.OnExecutionStarted = (_, _) =>
        {
            // A second engine writes the rollout while the first one waits for its agent.
            var current = store.GetAsync(rollout.Id, default).GetAwaiter().GetResult()!;
            store.UpdateAsync(current, [], current.Version, default).GetAwaiter().GetResult();
            world.OnExecutionStarted = null;
        };

        await Should.ThrowAsync<ConcurrencyException>(() => Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id)));

        (await store.GetNodesAsync(rollout.Id, default)).Single(n => n.NodeId == "node-00").Status.ShouldBe(NodeUpgradeStatus.InProgress);
    }

    [Fact]
    public async Task RunAsync_BreakingCanary_BlocksUntilApprovedThenCompletes()
    {
        var world = new SimWorld(seed: 9, nodeCount: 5);
        var (service, engine, events) = Create(world);
        var request = Harness.Request(RolloutStrategy.Canary, batchSize: 2, canarySize: 2);
        request.MigrationType = MigrationType.Breaking;
        request.RecoveryPlan = "reprovision";
        request.AcknowledgeStateRisk = true;
        var rollout = await service.CreateAsync(request);
        await service.StartAsync(rollout.Id);

        var blocked = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        blocked.Status.ShouldBe(RolloutStatus.Paused);
        blocked.PauseReason.ShouldBe(RolloutPauseReason.AwaitingCanaryApproval);
        world.Executions.Count.ShouldBe(2);
        await service.ResumeAsync(rollout.Id);
        (await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id))).PauseReason.ShouldBe(RolloutPauseReason.AwaitingCanaryApproval);
        world.Executions.Count.ShouldBe(2);

        await service.ApproveCanaryAsync(rollout.Id);
        var done = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        done.Status.ShouldBe(RolloutStatus.Completed);
        world.Executions.Count.ShouldBe(5);
        events.Snapshot().Count(e => e.Type == RolloutEventTypes.RolloutPaused).ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_CanaryObservation_LastsTwiceTheHealthWait()
    {
        var world = new SimWorld(seed: 9, nodeCount: 1) { MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(10) };
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Canary, canarySize: 1));
        await service.StartAsync(rollout.Id);
        var start = world.Time.GetUtcNow();

        await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        var node = (await service.GetNodesAsync(rollout.Id)).Single();
        (node.CompletedAt!.Value - node.StartedAt!.Value).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(2));
        (world.Time.GetUtcNow() - start).ShouldBeLessThan(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task RunAsync_UnhealthyNode_IsRevertedAndCountedFailed()
    {
        var world = new SimWorld(seed: 1, nodeCount: 1) { UnhealthyRate = 1.0 };
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, threshold: 1.0));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Failed);
        result.FailedNodes.ShouldBe(1);
        var node = (await service.GetNodesAsync(rollout.Id)).Single();
        node.Status.ShouldBe(NodeUpgradeStatus.Failed);
        node.ErrorMessage.ShouldBe("Health validation failed: application health is critical. The node was reverted to v1.");
        world.Versions["node-00"].ShouldBe(SimWorld.SourceVersion);
        world.Executions.Select(e => e.UpgradeKey).ShouldBe(["node-00-a1", "node-00-a1-revert"]);
    }

    [Fact]
    public async Task RunAsync_CompletedRollout_RecordsMetrics()
    {
        var world = new SimWorld(seed: 2, nodeCount: 3);
        var (service, _, _) = Create(world);
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        using var metrics = new RolloutMetrics(meterFactory);
        using var count = new MetricCollector<long>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.count");
        using var nodeCount = new MetricCollector<long>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.node_upgrade.count");
        using var duration = new MetricCollector<double>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.duration");
        using var active = new MetricCollector<long>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.active");
        using var progress = new MetricCollector<double>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.progress");
        using var phases = new MetricCollector<long>(meterFactory, RolloutMetrics.MeterName, "upgrade.rollout.node_phase");
        var store = new InMemoryRolloutStore();
        service = Harness.Service(store, world.Time);
        var engine = new RolloutEngine(store, world.Transport(), world.Inventory(), world.Health(), null, metrics, Harness.Options(), world.Time, null);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling));
        await service.StartAsync(rollout.Id);

        await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        var ended = count.GetMeasurementSnapshot().Where(m => m.Tags[RolloutMetrics.ChainTag] as string == "chain-a").ToList();
        ended.Single().Tags[RolloutMetrics.StatusTag].ShouldBe("completed");
        ended.Single().Tags[RolloutMetrics.StrategyTag].ShouldBe("rolling");
        nodeCount.GetMeasurementSnapshot().Count(m => m.Tags[RolloutMetrics.ChainTag] as string == "chain-a").ShouldBe(3);
        duration.GetMeasurementSnapshot().Single(m => m.Tags[RolloutMetrics.ChainTag] as string == "chain-a").Value.ShouldBeGreaterThan(0);
        active.GetMeasurementSnapshot().Where(m => m.Tags[RolloutMetrics.ChainTag] as string == "chain-a").Sum(m => m.Value).ShouldBe(0);
        progress.LastMeasurement!.Value.ShouldBe(1.0);
        phases.GetMeasurementSnapshot().ShouldContain(m => m.Tags[RolloutMetrics.PhaseTag] as string == "MUTATING" && m.Value > 0);
    }

    [Fact]
    public async Task RunAsync_CancelBeforeStart_SkipsEveryNode()
    {
        var world = new SimWorld(seed: 2, nodeCount: 3);
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling));
        await service.StartAsync(rollout.Id);
        await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id, new CancellationToken(canceled: true))).ShouldThrowAsync<OperationCanceledException>();
        await service.CancelAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Cancelled);
        world.Executions.ShouldBeEmpty();
    }

    [Fact]
    public async Task Signals_InvalidForTheStatus_AreRefused()
    {
        var world = new SimWorld(seed: 2, nodeCount: 1);
        var (service, _, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling));

        await Should.ThrowAsync<InvalidOperationException>(() => service.ResumeAsync(rollout.Id));
        await Should.ThrowAsync<InvalidOperationException>(() => service.PauseAsync(rollout.Id));
        await Should.ThrowAsync<InvalidOperationException>(() => service.RollbackAsync(rollout.Id));
        await Should.ThrowAsync<InvalidOperationException>(() => service.ApproveCanaryAsync(rollout.Id));
        await Should.ThrowAsync<InvalidOperationException>(() => service.RetryNodeAsync(rollout.Id, "node-00"));
        await Should.ThrowAsync<InvalidOperationException>(() => service.StartAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task RunAsync_NodeIdUnfitForUpgradeIds_IsSkippedWithAReason()
    {
        var world = new SimWorld(seed: 2, nodeCount: 1);
        world.Agents["bad/node"] = new SimAgent(world, "bad/node");
        world.Versions["bad/node"] = SimWorld.SourceVersion;
        world.Versions["node-00"] = SimWorld.TargetVersion;
        var (service, engine, _) = Create(world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        result.BatchCount.ShouldBe(0);
        var nodes = await service.GetNodesAsync(rollout.Id);
        nodes.ShouldAllBe(n => n.Status == NodeUpgradeStatus.Skipped);
        nodes.Single(n => n.NodeId == "bad/node").ErrorMessage!.ShouldContain("cannot form a valid upgrade id");
        nodes.Single(n => n.NodeId == "node-00").ErrorMessage.ShouldBe("The node already runs v2.");
        world.Executions.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAllAsync_ActiveRolloutsOfTwoChains_DrivesBoth()
    {
        var world = new SimWorld(seed: 5, nodeCount: 2);
        var (service, engine, _) = Create(world);
        var first = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling));
        var other = Harness.Request(RolloutStrategy.AllAtOnce);
        other.ChainProfileId = "chain-b";
        var second = await service.CreateAsync(other);
        await service.StartAsync(first.Id);
        await service.StartAsync(second.Id);

        var results = await Harness.DriveAsync(world.Time, engine.RunAllAsync());

        // Both were created at the same instant of fake time, so their listing order is not defined.
        results.Select(r => (r.Id, r.Status)).ShouldBe([(first.Id, RolloutStatus.Completed), (second.Id, RolloutStatus.Completed)], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_AgentsThatAnswerAtOnce_StoreTheirBatchTransitionsInOneWrite()
    {
        var world = new SimWorld(seed: 4, nodeCount: 4) { MinDuration = TimeSpan.Zero, MaxDuration = TimeSpan.Zero };
        var store = new NodeWriteRecordingStore(new InMemoryRolloutStore());
        var service = Harness.Service(store, world.Time);
        var engine = Harness.Engine(store, world);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 4));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        // The batch loop starts all four nodes before their verifying transitions are written, in one transaction.
        var verifying = store.NodeWrites.Where(w => w.Any(n => n.Stage == RolloutNodeStage.Verifying && n.Status == NodeUpgradeStatus.InProgress)).ToList();
        verifying.ShouldHaveSingleItem().Select(n => n.NodeId).ShouldBe(["node-00", "node-01", "node-02", "node-03"], ignoreOrder: true);
    }

    [Fact]
    public void UpgradeIdOf_IsDeterministicPerNodeAndAttempt()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        RolloutRun.UpgradeIdOf(id, "node-7", 2).ShouldBe("0f8fad5bd9cb469fa16570867728950e-node-7-a2");
        RolloutRun.RevertIdOf(id, "node-7", 2).ShouldBe("0f8fad5bd9cb469fa16570867728950e-node-7-a2-revert");
        RolloutRun.RollbackIdOf(id, "node-7").ShouldBe("0f8fad5bd9cb469fa16570867728950e-node-7-rollback");
        UpgradeIds.IsValid(RolloutRun.RevertIdOf(id, new string('n', 80), 999)).ShouldBeTrue();
    }

    private static (RolloutService Service, RolloutEngine Engine, RecordingEventSink Events) Create(SimWorld world)
    {
        var store = new InMemoryRolloutStore();
        var events = new RecordingEventSink();
        return (Harness.Service(store, world.Time), Harness.Engine(store, world, events), events);
    }

    /// <summary>Records the nodes of every rollout write.</summary>
    private sealed class NodeWriteRecordingStore(IRolloutStore inner) : DelegatingRolloutStore(inner)
    {
        public List<IReadOnlyList<RolloutNode>> NodeWrites { get; } = [];

        public override Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
        {
            lock (NodeWrites)
            {
                NodeWrites.Add([.. nodes]);
            }

            return base.UpdateAsync(rollout, nodes, expectedVersion, cancellationToken);
        }
    }
}
