using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Engine;

/// <summary>Runs the incident and maintenance tests alone: their fake-time drivers do not compete with the other simulations.</summary>
[CollectionDefinition(nameof(IncidentAndMaintenanceCollection), DisableParallelization = true)]
public sealed class IncidentAndMaintenanceCollection
{
}

[Collection(nameof(IncidentAndMaintenanceCollection))]
public sealed class IncidentTests
{
    [Fact]
    public async Task RunAsync_AgentReportsRollbackFailed_RaisesExactlyOneUpgradeFailedAfterTheTransitionIsStored()
    {
        var fixture = new Fixture(nodeCount: 2);
        fixture.Transport.Forward["node-00"] = Outcomes.RollbackFailed;
        var request = Harness.Request(RolloutStrategy.Rolling, batchSize: 1);
        request.RecoveryPlan = "restore the data directory from the last snapshot";
        var rollout = await fixture.CreateAndStartAsync(request);

        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Failed);
        var incident = fixture.Incidents.Raised.ShouldHaveSingleItem();
        incident.Category.ShouldBe(IncidentCategories.UpgradeFailed);
        incident.Severity.ShouldBe(IncidentSeverity.Critical);
        incident.NodeId.ShouldBe("node-00");
        incident.RolloutId.ShouldBe(rollout.Id);
        incident.ChainProfileId.ShouldBe("chain-a");
        incident.RecoveryPlan.ShouldBe("restore the data directory from the last snapshot");
        incident.Id.ShouldBe($"{rollout.Id:N}-node-00-upgrade_failed-a1");
        incident.Message.ShouldContain("compensation failed");
        fixture.Incidents.StoredStatusAtRaise.ShouldBe([NodeUpgradeStatus.FailedRollback]);
    }

    [Fact]
    public async Task RunAsync_CompensatedFailure_RaisesNoIncident()
    {
        var fixture = new Fixture(nodeCount: 2);
        fixture.World.UpgradeFailureRate = 1.0;
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));

        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Failed);
        (await fixture.Store.GetNodesAsync(rollout.Id, default)).ShouldAllBe(n => n.Status == NodeUpgradeStatus.Failed);
        fixture.Incidents.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_SuccessfulNodes_RaiseNoIncident()
    {
        var fixture = new Fixture(nodeCount: 3);
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));

        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        fixture.Incidents.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task RollbackAsync_RollbackOfSucceededNodeFails_RaisesUpgradeRollbackFailedForThatNodeOnly()
    {
        var fixture = new Fixture(nodeCount: 2);
        fixture.Transport.Rollback["node-01"] = Outcomes.Compensated;
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        (await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id))).Status.ShouldBe(RolloutStatus.Completed);
        fixture.Incidents.Raised.ShouldBeEmpty();

        await fixture.Service.RollbackAsync(rollout.Id);
        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.RolledBack);
        var incident = fixture.Incidents.Raised.ShouldHaveSingleItem();
        incident.Category.ShouldBe(IncidentCategories.UpgradeRollbackFailed);
        incident.Severity.ShouldBe(IncidentSeverity.Critical);
        incident.NodeId.ShouldBe("node-01");
        fixture.Incidents.StoredStatusAtRaise.ShouldBe([NodeUpgradeStatus.FailedRollback]);
    }

    [Fact]
    public async Task RunAsync_RevertOfUnhealthyNodeFails_RaisesUpgradeRollbackFailed()
    {
        var fixture = new Fixture(nodeCount: 1);
        fixture.World.UnhealthyRate = 1.0;
        fixture.Transport.Revert["node-00"] = Outcomes.Compensated;
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));

        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        var incident = fixture.Incidents.Raised.ShouldHaveSingleItem();
        incident.Category.ShouldBe(IncidentCategories.UpgradeRollbackFailed);
        (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single().Status.ShouldBe(NodeUpgradeStatus.FailedRollback);
    }

    [Fact]
    public async Task RunAsync_HealthFailsAtTheEndWhileHeartbeating_RaisesUpgradeStalledAndReverts()
    {
        var fixture = new Fixture(nodeCount: 1);
        var request = Harness.Request(RolloutStrategy.Rolling, batchSize: 1);
        fixture.Health.Respond = (_, since, now) => new NodeHealthSnapshot
        {
            LastHeartbeatAt = now,
            NodeState = NodeState.Running,
            SyncStatus = now >= since + request.HealthWaitDuration ? SyncStatus.Stalled : SyncStatus.Syncing,
        };
        var rollout = await fixture.CreateAndStartAsync(request);

        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        var incident = fixture.Incidents.Raised.ShouldHaveSingleItem();
        incident.Category.ShouldBe(IncidentCategories.UpgradeStalled);
        incident.Severity.ShouldBe(IncidentSeverity.Warning);
        incident.Id.ShouldBe($"{rollout.Id:N}-node-00-upgrade_stalled-a1");
        var node = (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single();
        node.Status.ShouldBe(NodeUpgradeStatus.Failed);
        node.ErrorMessage!.ShouldContain("reverted");
    }

    [Theory]
    [InlineData(NodeState.Down)]
    [InlineData(NodeState.Unknown)]
    public async Task RunAsync_HealthFailsBecauseTheNodeIsDown_RaisesNoStalledIncident(NodeState state)
    {
        var fixture = new Fixture(nodeCount: 1);
        fixture.Health.Respond = (_, _, _) => new NodeHealthSnapshot { LastHeartbeatAt = null, NodeState = state };
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));

        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        var node = (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single();
        node.Status.ShouldBe(NodeUpgradeStatus.Failed);
        node.ErrorMessage!.ShouldContain(state == NodeState.Down ? "node state is down" : "no heartbeat");
        fixture.Incidents.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_BreakingMigrationCrashLoopsAfterRevert_RaisesUpgradeFailedWithRecoveryPlanAndLeavesTheNodeDegraded()
    {
        var fixture = new Fixture(nodeCount: 1);
        var request = Harness.Request(RolloutStrategy.Canary, batchSize: 1, canarySize: 1);
        request.MigrationType = MigrationType.Breaking;
        request.RecoveryPlan = "reprovision the node from a snapshot";
        request.AcknowledgeStateRisk = true;
        fixture.Health.Respond = (nodeId, _, now) => fixture.World.Versions[nodeId] == SimWorld.TargetVersion
            ? new NodeHealthSnapshot { LastHeartbeatAt = now, NodeState = NodeState.Running, ApplicationHealth = ApplicationHealth.Critical }
            : new NodeHealthSnapshot { LastHeartbeatAt = now, NodeState = NodeState.Running, RestartCount = 5 };
        var rollout = await fixture.CreateAndStartAsync(request);

        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Paused);
        fixture.World.Versions["node-00"].ShouldBe(SimWorld.SourceVersion);
        var node = (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single();
        node.Status.ShouldBe(NodeUpgradeStatus.FailedRollback);
        node.ErrorMessage!.ShouldContain("crash-loops");
        var incident = fixture.Incidents.Raised.ShouldHaveSingleItem();
        incident.Category.ShouldBe(IncidentCategories.UpgradeFailed);
        incident.Severity.ShouldBe(IncidentSeverity.Critical);
        incident.RecoveryPlan.ShouldBe("reprovision the node from a snapshot");
    }

    [Fact]
    public async Task RunAsync_NonBreakingMigrationRestartsAfterRevert_IsNotCheckedAgain()
    {
        var fixture = new Fixture(nodeCount: 1);
        fixture.Health.Respond = (nodeId, _, now) => fixture.World.Versions[nodeId] == SimWorld.TargetVersion
            ? new NodeHealthSnapshot { LastHeartbeatAt = now, NodeState = NodeState.Running, ApplicationHealth = ApplicationHealth.Critical }
            : new NodeHealthSnapshot { LastHeartbeatAt = now, NodeState = NodeState.Running, RestartCount = 5 };
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));

        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single().Status.ShouldBe(NodeUpgradeStatus.Failed);
        fixture.Incidents.Raised.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_EngineStoppedRightAfterTheIncident_RestartedEngineDoesNotRaiseItAgain()
    {
        var fixture = new Fixture(nodeCount: 3);
        fixture.Transport.Forward["node-00"] = Outcomes.RollbackFailed;
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        using var stop = new CancellationTokenSource();
        fixture.Incidents.OnRaise = _ => stop.Cancel();

        await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id, stop.Token)));
        fixture.Incidents.Raised.Count.ShouldBe(1);
        fixture.Incidents.OnRaise = null;

        var result = await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Failed);
        result.SucceededNodes.ShouldBe(2);
        fixture.Incidents.Raised.ShouldHaveSingleItem().NodeId.ShouldBe("node-00");
    }
}

[Collection(nameof(IncidentAndMaintenanceCollection))]
public sealed class MaintenanceTests
{
    [Fact]
    public async Task RunAsync_EveryNodeUpgrade_EntersMaintenanceBeforeTheSendAndExitsWhenItEnds()
    {
        var fixture = new Fixture(nodeCount: 4);
        fixture.Transport.Forward["node-01"] = Outcomes.RollbackFailed;
        fixture.Transport.Forward["node-02"] = Outcomes.Compensated;
        var inMaintenanceAtSend = new List<(string NodeId, bool InMaintenance)>();
        fixture.Transport.OnSend = (nodeId, _) =>
        {
            lock (inMaintenanceAtSend)
            {
                inMaintenanceAtSend.Add((nodeId, fixture.Maintenance.Inner.IsInMaintenance(nodeId)));
            }
        };
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));

        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));

        foreach (var nodeId in fixture.World.Agents.Keys)
        {
            fixture.Maintenance.HistoryOf(nodeId).ShouldBe([("enter", rollout.Id, NodeUpgradeStatus.InProgress), ("exit", rollout.Id, (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single(n => n.NodeId == nodeId).Status)], nodeId);
        }

        inMaintenanceAtSend.Count.ShouldBe(4);
        inMaintenanceAtSend.ShouldAllBe(s => s.InMaintenance);
        (await fixture.Maintenance.ListAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RollbackAsync_RolledBackNodes_EnterAndExitMaintenanceAgain()
    {
        var fixture = new Fixture(nodeCount: 2);
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 2));
        await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id));
        await fixture.Service.RollbackAsync(rollout.Id);

        (await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id))).Status.ShouldBe(RolloutStatus.RolledBack);

        fixture.Maintenance.HistoryOf("node-00").Select(h => h.Action).ShouldBe(["enter", "exit", "enter", "exit"]);
        fixture.Maintenance.HistoryOf("node-00")[^1].Status.ShouldBe(NodeUpgradeStatus.RolledBack);
        (await fixture.Maintenance.ListAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunOnceAsync_NodeLeftInMaintenanceByAStoppedEngine_IsClearedOnceItsUpgradeIsNoLongerInProgress()
    {
        var fixture = new Fixture(nodeCount: 2);
        var events = new RecordingEventSink();
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        using var stop = new CancellationTokenSource();
        fixture.Transport.OnSend = (_, _) => stop.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(() => Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id, stop.Token)));
        var orphan = Guid.NewGuid();
        await fixture.Maintenance.EnterAsync("node-01", orphan, default);
        var cleanup = new MaintenanceCleanup(fixture.Maintenance, fixture.Store, events, fixture.World.Time, null);

        // The node is in_progress in an active rollout: its entry stays; the entry of a rollout that does not exist goes.
        var first = await cleanup.RunOnceAsync();

        first.ShouldHaveSingleItem().RolloutId.ShouldBe(orphan);
        (await fixture.Maintenance.ListAsync(default)).ShouldHaveSingleItem().NodeId.ShouldBe("node-00");

        // The stopped engine never ends the node; the store shows it ended (e.g. an operator marked it failed).
        var stored = (await fixture.Store.GetAsync(rollout.Id, default))!;
        var node = (await fixture.Store.GetNodesAsync(rollout.Id, default)).Single(n => n.NodeId == "node-00");
        node.Status.ShouldBe(NodeUpgradeStatus.InProgress);
        await fixture.Store.UpdateAsync(stored, [node with { Status = NodeUpgradeStatus.Failed, Stage = RolloutNodeStage.None }], stored.Version, default);

        var second = await cleanup.RunOnceAsync();

        second.ShouldHaveSingleItem().NodeId.ShouldBe("node-00");
        (await fixture.Maintenance.ListAsync(default)).ShouldBeEmpty();
        var cleared = events.Snapshot().Where(e => e.Type == RolloutEventTypes.MaintenanceCleared).ToList();
        cleared.Select(e => (e.NodeId, e.RolloutId)).ShouldBe([("node-01", orphan), ("node-00", rollout.Id)]);
        cleared[1].Subject.ShouldBe("events.node.node-00.maintenance_cleared");
        cleared[1].NodeStatus.ShouldBe(NodeUpgradeStatus.Failed);
        (await cleanup.RunOnceAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunOnceAsync_EntryOfAnEndedRollout_IsCleared()
    {
        var fixture = new Fixture(nodeCount: 1);
        var rollout = await fixture.CreateAndStartAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        (await Harness.DriveAsync(fixture.World.Time, fixture.Engine().RunAsync(rollout.Id))).Status.ShouldBe(RolloutStatus.Completed);
        await fixture.Maintenance.EnterAsync("node-00", rollout.Id, default);
        var events = new RecordingEventSink();

        var cleared = await new MaintenanceCleanup(fixture.Maintenance, fixture.Store, events, fixture.World.Time, null).RunOnceAsync();

        cleared.ShouldHaveSingleItem().NodeId.ShouldBe("node-00");
        events.Snapshot().ShouldHaveSingleItem().Message!.ShouldContain("completed");
    }

    [Fact]
    public async Task MaintenanceCleanupWorker_RunsAtStartAndThenEveryInterval()
    {
        var fixture = new Fixture(nodeCount: 1);
        var cleanup = new MaintenanceCleanup(fixture.Maintenance, fixture.Store, null, fixture.World.Time, null);
        var options = Options.Create(new MaintenanceCleanupOptions { Interval = TimeSpan.FromMinutes(10) });
        var workerTime = new TimerCountingTime(fixture.World.Time.GetUtcNow());
        using var worker = new MaintenanceCleanupWorker(cleanup, options, workerTime, null);
        await fixture.Maintenance.EnterAsync("node-00", Guid.NewGuid(), default);

        await worker.StartAsync(default);
        await WaitUntilAsync(workerTime, async () => (await fixture.Maintenance.ListAsync(default)).Count == 0);
        await fixture.Maintenance.EnterAsync("node-00", Guid.NewGuid(), default);
        await workerTime.WaitForTimersAsync(1);
        workerTime.Advance(TimeSpan.FromMinutes(9));
        await Task.Yield();
        (await fixture.Maintenance.ListAsync(default)).Count.ShouldBe(1);
        workerTime.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(workerTime, async () => (await fixture.Maintenance.ListAsync(default)).Count == 0);
        await worker.StopAsync(default);
    }

    /// <summary>Waits for the cleanup worker without moving its clock.</summary>
    private static Task WaitUntilAsync(TimerCountingTime time, Func<Task<bool>> condition) =>
        Harness.WaitForAsync(time, condition, holds => holds, TimeSpan.Zero, "the cleanup worker clears the node");

    [Fact]
    public async Task AddMaintenanceCleanup_RegistersOneWorkerWithValidatedInterval()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAgentTransport>(new InProcessAgentTransport(new Dictionary<string, IUpgradeAgent>()));
        services.AddUpgradeOrchestration().UseInMemoryStore().AddMaintenanceCleanup().AddMaintenanceCleanup(TimeSpan.FromMinutes(5));
        await using var provider = services.BuildServiceProvider();

        provider.GetServices<IHostedService>().OfType<MaintenanceCleanupWorker>().Count().ShouldBe(1);
        provider.GetRequiredService<IOptions<MaintenanceCleanupOptions>>().Value.Interval.ShouldBe(TimeSpan.FromMinutes(5));
        provider.GetRequiredService<IIncidentSink>().ShouldBe(NullIncidentSink.Instance);
        provider.GetRequiredService<IMaintenanceRegistry>().ShouldBeOfType<InMemoryMaintenanceRegistry>();
        provider.GetRequiredService<MaintenanceCleanup>().ShouldNotBeNull();
        new MaintenanceCleanupOptions().Interval.ShouldBe(TimeSpan.FromMinutes(30));

        var invalid = new ServiceCollection();
        invalid.AddUpgradeOrchestration().UseInMemoryStore().AddMaintenanceCleanup(TimeSpan.Zero);
        await using var invalidProvider = invalid.BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => invalidProvider.GetRequiredService<IOptions<MaintenanceCleanupOptions>>().Value);
    }
}

/// <summary>A store, service, world and recording sinks; <see cref="Engine"/> builds a new engine (a restart) each call.</summary>
internal sealed class Fixture
{
    public Fixture(int nodeCount)
    {
        World = new SimWorld(seed: 7, nodeCount: nodeCount);
        Service = Harness.Service(Store, World.Time);
        Transport = new ScriptedTransport(World.Transport(), World);
        Health = new ScriptedHealth(World);
        Incidents = new RecordingIncidentSink(Store);
        Maintenance = new RecordingMaintenanceRegistry(Store, World.Time);
    }

    public SimWorld World { get; }

    public InMemoryRolloutStore Store { get; } = new();

    public RolloutService Service { get; }

    public ScriptedTransport Transport { get; }

    public ScriptedHealth Health { get; }

    public RecordingIncidentSink Incidents { get; }

    public RecordingMaintenanceRegistry Maintenance { get; }

    public RolloutEngine Engine() =>
        new(Store, Transport, World.Inventory(), Health, null, new RolloutMetrics(null), Harness.Options(), World.Time, null, Incidents, Maintenance);

    public async Task<Rollout> CreateAndStartAsync(RolloutRequest request)
    {
        var rollout = await Service.CreateAsync(request);
        await Service.StartAsync(rollout.Id);
        return rollout;
    }
}

internal static class Outcomes
{
    public static UpgradeOutcome RollbackFailed(string upgradeId, DateTimeOffset now) => new UpgradeRollbackFailed
    {
        UpgradeId = upgradeId,
        CompletedAt = now,
        FailedAction = "start_node",
        Error = new UpgradeError { Type = "Simulated", Message = "the node did not start" },
        CompensationFailedAction = "replace_binary",
        CompensationError = new UpgradeError { Type = "Simulated", Message = "the backup is unreadable" },
    };

    public static UpgradeOutcome Compensated(string upgradeId, DateTimeOffset now) => new UpgradeCompensated
    {
        UpgradeId = upgradeId,
        CompletedAt = now,
        FailedAction = "start_node",
        Error = new UpgradeError { Type = "Simulated", Message = "the node did not start" },
    };
}

/// <summary>Answers chosen nodes' forward, revert or rollback payloads with a fixed outcome; the rest go to the simulated agents.</summary>
internal sealed class ScriptedTransport(IAgentTransport inner, SimWorld world) : IAgentTransport
{
    public Dictionary<string, Func<string, DateTimeOffset, UpgradeOutcome>> Forward { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Func<string, DateTimeOffset, UpgradeOutcome>> Revert { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Func<string, DateTimeOffset, UpgradeOutcome>> Rollback { get; } = new(StringComparer.Ordinal);

    public Action<string, UpgradePayload>? OnSend { get; set; }

    public Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        OnSend?.Invoke(nodeId, payload);
        var script = payload.UpgradeId.EndsWith("-rollback", StringComparison.Ordinal) ? Rollback
            : payload.UpgradeId.EndsWith("-revert", StringComparison.Ordinal) ? Revert
            : Forward;
        return script.TryGetValue(nodeId, out var outcome)
            ? Task.FromResult(outcome(payload.UpgradeId, world.Time.GetUtcNow()))
            : inner.SendUpgradeAsync(nodeId, payload, observer, cancellationToken);
    }

    public Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken) =>
        inner.GetOutcomeAsync(nodeId, upgradeId, cancellationToken);
}

/// <summary>Healthy (heartbeating, running) unless <see cref="Respond"/> says otherwise.</summary>
internal sealed class ScriptedHealth(SimWorld world) : IHealthSource
{
    public Func<string, DateTimeOffset, DateTimeOffset, NodeHealthSnapshot>? Respond { get; set; }

    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var now = world.Time.GetUtcNow();
        if (Respond is { } respond)
        {
            return Task.FromResult(respond(nodeId, since, now));
        }

        var unhealthy = world.Versions[nodeId] == SimWorld.TargetVersion && world.IsUnhealthyOnTarget(nodeId);
        return Task.FromResult(new NodeHealthSnapshot
        {
            LastHeartbeatAt = now,
            NodeState = NodeState.Running,
            ApplicationHealth = unhealthy ? ApplicationHealth.Critical : ApplicationHealth.Ok,
        });
    }
}

/// <summary>Records incidents with the node status stored when each was raised.</summary>
internal sealed class RecordingIncidentSink(IRolloutStore store) : IIncidentSink
{
    public List<UpgradeIncident> Raised { get; } = [];

    public List<NodeUpgradeStatus> StoredStatusAtRaise { get; } = [];

    public Action<UpgradeIncident>? OnRaise { get; set; }

    public async ValueTask RaiseAsync(UpgradeIncident incident, CancellationToken ct)
    {
        var stored = (await store.GetNodesAsync(incident.RolloutId, ct)).Single(n => n.NodeId == incident.NodeId);
        lock (Raised)
        {
            Raised.Add(incident);
            StoredStatusAtRaise.Add(stored.Status);
        }

        OnRaise?.Invoke(incident);
    }
}

/// <summary>An in-memory registry that records every enter and exit with the node status stored at that moment.</summary>
internal sealed class RecordingMaintenanceRegistry(IRolloutStore store, TimeProvider time) : IMaintenanceRegistry
{
    private readonly List<(string Action, string NodeId, Guid RolloutId, NodeUpgradeStatus? Status)> _history = [];

    public InMemoryMaintenanceRegistry Inner { get; } = new(time);

    public List<(string Action, Guid RolloutId, NodeUpgradeStatus? Status)> HistoryOf(string nodeId)
    {
        lock (_history)
        {
            return [.. _history.Where(h => h.NodeId == nodeId).Select(h => (h.Action, h.RolloutId, h.Status))];
        }
    }

    public async Task EnterAsync(string nodeId, Guid rolloutId, CancellationToken ct)
    {
        await RecordAsync("enter", nodeId, rolloutId, ct);
        await Inner.EnterAsync(nodeId, rolloutId, ct);
    }

    public async Task ExitAsync(string nodeId, Guid rolloutId, CancellationToken ct)
    {
        await RecordAsync("exit", nodeId, rolloutId, ct);
        await Inner.ExitAsync(nodeId, rolloutId, ct);
    }

    public Task<IReadOnlyList<MaintenanceEntry>> ListAsync(CancellationToken ct) => Inner.ListAsync(ct);

    private async Task RecordAsync(string action, string nodeId, Guid rolloutId, CancellationToken ct)
    {
        var nodes = await store.GetNodesAsync(rolloutId, ct);
        var status = nodes.FirstOrDefault(n => n.NodeId == nodeId)?.Status;
        lock (_history)
        {
            _history.Add((action, nodeId, rolloutId, status));
        }
    }
}
