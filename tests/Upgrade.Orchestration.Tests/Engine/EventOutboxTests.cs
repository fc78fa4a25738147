using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Upgrade.Orchestration.Tests.Groups;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Engine;

/// <summary>
/// Rollout events are stored with the transition that raised them: an engine that dies between the write and the
/// publication loses none, and a restarted one announces each at least once, without repeating what it already published.
/// </summary>
public sealed class EventOutboxTests
{
    [Fact]
    public async Task RunAllAsync_EngineDiedBeforeAnnouncingTheEnd_AnnouncesItOnceAfterTheRestart()
    {
        var world = new SimWorld(seed: 5, nodeCount: 3);
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));
        await service.StartAsync(rollout.Id);
        var dying = new DyingEventSink(RolloutEventTypes.RolloutCompleted);

        await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(world.Time, Harness.Engine(store, world, dying).RunAsync(rollout.Id)));

        var stored = (await store.GetAsync(rollout.Id, default)).ShouldNotBeNull();
        stored.Status.ShouldBe(RolloutStatus.Completed);
        stored.UnpublishedEvents.ShouldBe([RolloutEventTypes.RolloutCompleted]);
        dying.Published.ShouldNotContain(RolloutEventTypes.RolloutCompleted);

        // Two restarts: the first announces the end, the second finds nothing left to announce.
        var events = new RecordingEventSink();
        await Harness.DriveAsync(world.Time, Harness.Engine(store, world, events).RunAllAsync());
        await Harness.DriveAsync(world.Time, Harness.Engine(store, world, events).RunAllAsync());

        var announced = events.Snapshot().ShouldHaveSingleItem();
        announced.Type.ShouldBe(RolloutEventTypes.RolloutCompleted);
        announced.RolloutStatus.ShouldBe(RolloutStatus.Completed);
        announced.SucceededNodes.ShouldBe(3);
        (await store.GetAsync(rollout.Id, default))!.UnpublishedEvents.ShouldBeEmpty();
        world.Executions.Count.ShouldBe(3);
    }

    [Fact]
    public async Task RolloutWorker_StartedAfterADeathBeforeTheEnd_AnnouncesTheEndOnce()
    {
        var world = new SimWorld(seed: 7, nodeCount: 2);
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.AllAtOnce));
        await service.StartAsync(rollout.Id);
        await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(world.Time, Harness.Engine(store, world, new DyingEventSink(RolloutEventTypes.RolloutCompleted)).RunAsync(rollout.Id)));
        var events = new RecordingEventSink();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Time);
        services.AddSingleton(world.Inventory());
        services.AddSingleton(world.Health());
        services.AddSingleton<IRolloutEventSink>(events);
        services.AddUpgradeOrchestration(o => o.UpgradeTimeout = Harness.SimulationTimeout).UseInMemoryStore().UseInProcessAgents(world.AgentMap()).AddRolloutWorker();
        services.Replace(ServiceDescriptor.Singleton<IRolloutStore>(store));
        using var provider = services.BuildServiceProvider();
        var worker = provider.GetServices<IHostedService>().ShouldHaveSingleItem();

        // The worker's polls see active rollouts only; the completed one is announced by its start-up pass.
        await worker.StartAsync(default);
        await Harness.WaitForAsync(world.Time, () => Task.FromResult(events.Snapshot().Count), count => count > 0, TimeSpan.FromSeconds(1), "the worker announces an event");
        await worker.StopAsync(default);
        events.Snapshot().ShouldHaveSingleItem().Type.ShouldBe(RolloutEventTypes.RolloutCompleted);
        (await store.GetAsync(rollout.Id, default))!.UnpublishedEvents.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_EngineDiedBeforeAnnouncingABatch_AnnouncesItOnResumeAndEveryOtherEventOnce()
    {
        var world = new SimWorld(seed: 6, nodeCount: 4);
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time);
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));
        await service.StartAsync(rollout.Id);
        var dying = new DyingEventSink(RolloutEventTypes.RolloutProgress);

        await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(world.Time, Harness.Engine(store, world, dying).RunAsync(rollout.Id)));
        (await store.GetAsync(rollout.Id, default))!.UnpublishedEvents.ShouldBe([RolloutEventTypes.RolloutProgress]);

        var events = new RecordingEventSink();
        var done = await Harness.DriveAsync(world.Time, Harness.Engine(store, world, events).RunAsync(rollout.Id));

        done.Status.ShouldBe(RolloutStatus.Completed);
        var rolloutEvents = dying.Published.Concat(events.Snapshot().Where(e => e.NodeId is null).Select(e => e.Type)).ToList();
        rolloutEvents.ShouldBe([RolloutEventTypes.RolloutStarted, RolloutEventTypes.RolloutProgress, RolloutEventTypes.RolloutProgress, RolloutEventTypes.RolloutCompleted]);
        events.Snapshot().First().Type.ShouldBe(RolloutEventTypes.RolloutProgress);
        world.Executions.Count.ShouldBe(4);
    }

    [Fact]
    public async Task RunAllAsync_EngineDiedBeforeAnnouncingTheEndOfAGroupOnSqlite_AnnouncesItOnceAfterTheRestart()
    {
        var path = Path.Combine(Path.GetTempPath(), "upgrade-outbox-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var scenario = new GroupScenario(8, RolloutGroupFailurePolicy.PartialOk, components: 2, failing: 0, nodes: 2);
            var world = scenario.World;
            world.FailingUpgrades.Clear();
            world.UnhealthyOnTarget.Clear();
            var store = new SqliteRolloutStore(path);
            var service = world.Service(store, store);
            var group = await service.CreateAsync(scenario.Request());
            await service.StartAsync(group.Id);
            var dying = new DyingEventSink(RolloutEventTypes.GroupCompleted);

            await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(world.Time, world.Engine(store, store, dying).RunGroupAsync(group.Id)));

            var stored = (await store.GetGroupAsync(group.Id, default)).ShouldNotBeNull();
            stored.Status.ShouldBe(RolloutGroupStatus.Completed);
            var left = stored.UnpublishedEvents.ShouldHaveSingleItem();
            left.Type.ShouldBe(RolloutEventTypes.GroupCompleted);
            left.GroupStatus.ShouldBe(RolloutGroupStatus.Completed);

            // A new store instance reads the file as a restarted process would; two restarts announce the end once.
            var events = new RecordingEventSink();
            var restarted = new SqliteRolloutStore(path);
            await Harness.DriveAsync(world.Time, world.Engine(restarted, restarted, events).RunAllAsync());
            await Harness.DriveAsync(world.Time, world.Engine(restarted, restarted, events).RunAllAsync());

            var announced = events.Snapshot().ShouldHaveSingleItem();
            announced.ShouldBe(left);
            (await restarted.GetGroupAsync(group.Id, default))!.UnpublishedEvents.ShouldBeEmpty();
            world.ExecutionLog().Count.ShouldBe(4);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Records the rollout-level events it publishes, and dies (as a killed process would, by cancellation) at the first
    /// event of one type, before publishing it.
    /// </summary>
    private sealed class DyingEventSink(string diesAt) : IRolloutEventSink
    {
        private bool _died;

        public List<string> Published { get; } = [];

        public ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken)
        {
            lock (Published)
            {
                if (!_died && rolloutEvent.Type == diesAt)
                {
                    _died = true;
                    throw new OperationCanceledException("The engine died before publishing " + diesAt + ".");
                }

                if (rolloutEvent.NodeId is null)
                {
                    Published.Add(rolloutEvent.Type);
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
