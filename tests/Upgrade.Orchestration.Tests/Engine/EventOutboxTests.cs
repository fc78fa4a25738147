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
