using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Engine;

public sealed class EngineBasicsTests
{
    [Fact]
    public async Task RunAsync_RollingHealthyFleet_CompletesEveryNodeInBatches()
    {
        var world = new SimWorld(seed: 7, nodeCount: 5);
        var store = new InMemoryRolloutStore();
        var events = new RecordingEventSink();
        var service = Harness.Service(store, world.Time);
        var engine = Harness.Engine(store, world, events);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));
        await service.StartAsync(rollout.Id);

        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        result.BatchCount.ShouldBe(3);
        result.SucceededNodes.ShouldBe(5);
        result.FailedNodes.ShouldBe(0);
        result.PendingNodes.ShouldBe(0);
        world.MaxInFlight.ShouldBeLessThanOrEqualTo(2);
        world.Executions.Count.ShouldBe(5);
        world.Versions.Values.ShouldAllBe(v => v == SimWorld.TargetVersion);
        var nodes = await service.GetNodesAsync(rollout.Id);
        nodes.Select(n => n.BatchIndex).ShouldBe([0, 0, 1, 1, 2]);
        nodes.ShouldAllBe(n => n.Status == NodeUpgradeStatus.Succeeded && n.AttemptCount == 1);
        var types = events.Snapshot().Select(e => e.Type).ToList();
        types.First().ShouldBe(RolloutEventTypes.RolloutStarted);
        types.Last().ShouldBe(RolloutEventTypes.RolloutCompleted);
        types.Count(t => t == RolloutEventTypes.UpgradeStarted).ShouldBe(5);
        types.Count(t => t == RolloutEventTypes.UpgradeCompleted).ShouldBe(5);
        types.ShouldContain(RolloutEventTypes.UpgradePhaseChanged);
        events.Snapshot().First().Subject.ShouldBe($"events.rollout.{rollout.Id:D}.started");
        events.Snapshot().First(e => e.Type == RolloutEventTypes.UpgradeStarted).Subject.ShouldBe("events.node.node-00.upgrade_started");
    }
}
