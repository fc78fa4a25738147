namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>
/// Deterministic simulations: seeded fleets with failing upgrades, unhealthy nodes, lost requests and responses, and
/// operator signals, driven on fake time. Each seed checks the engine's invariants.
/// </summary>
public sealed class RolloutSimulationTests
{
    private const int Seeds = 500;

    [Fact]
    public async Task RunAsync_RollingStrategy_HoldsInvariantsOverSeeds()
    {
        var coverage = new Coverage();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            await RunScenarioAsync(RolloutStrategy.Rolling, seed, coverage);
        }

        coverage.AssertExercised(RolloutStrategy.Rolling);
    }

    [Fact]
    public async Task RunAsync_CanaryStrategy_HoldsInvariantsOverSeeds()
    {
        var coverage = new Coverage();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            await RunScenarioAsync(RolloutStrategy.Canary, seed, coverage);
        }

        coverage.AssertExercised(RolloutStrategy.Canary);
    }

    [Fact]
    public async Task RunAsync_AllAtOnceStrategy_HoldsInvariantsOverSeeds()
    {
        var coverage = new Coverage();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            await RunScenarioAsync(RolloutStrategy.AllAtOnce, seed, coverage);
        }

        coverage.AssertExercised(RolloutStrategy.AllAtOnce);
    }

    private static async Task RunScenarioAsync(RolloutStrategy strategy, int seed, Coverage coverage)
    {
        var context = $"strategy {strategy}, seed {seed}";
        var rng = new Random(seed);
        var nodeCount = rng.Next(3, 11);
        var world = new SimWorld(seed, nodeCount)
        {
            UpgradeFailureRate = rng.NextDouble() * 0.3,
            UnhealthyRate = rng.NextDouble() * 0.25,
            LostRequestRate = rng.NextDouble() * 0.15,
            LostResponseRate = rng.NextDouble() * 0.15,
        };
        var store = new InMemoryRolloutStore();
        var events = new RecordingEventSink();
        var service = Harness.Service(store, world.Time);
        var engine = Harness.Engine(store, world, events);
        var request = Harness.Request(strategy, batchSize: rng.Next(1, 4), canarySize: rng.Next(1, 3), threshold: new[] { 0.0, 0.25, 0.5, 1.0 }[rng.Next(4)], seed: seed);
        var breaking = strategy == RolloutStrategy.Canary && rng.Next(2) == 0;
        if (breaking)
        {
            request.MigrationType = MigrationType.Breaking;
            request.RecoveryPlan = "reprovision from snapshot";
            request.AcknowledgeStateRisk = true;
        }

        if (strategy == RolloutStrategy.AllAtOnce)
        {
            request.ForceContinue = rng.Next(2) == 0;
            request.SkipValidation = rng.Next(3) == 0;
        }

        var rollout = await service.CreateAsync(request);
        var id = rollout.Id;
        await service.StartAsync(id);

        // An operator signal sent while the k-th upgrade runs: pause or cancel, which apply after the current batch.
        var signalChoice = rng.Next(4);
        var signalAt = rng.Next(1, nodeCount + 1);
        string? signalledDuring = null;
        var forwardStarts = 0;
        world.OnExecutionStarted = (nodeId, payload) =>
        {
            if (payload.TargetVersion != SimWorld.TargetVersion || signalledDuring is not null || ++forwardStarts != signalAt || signalChoice >= 2)
            {
                return;
            }

            signalledDuring = nodeId;
            store.AppendSignalAsync(id, signalChoice == 0 ? RolloutSignalKind.Pause : RolloutSignalKind.Cancel, null, world.Time.GetUtcNow(), default).GetAwaiter().GetResult();
        };

        var limit = strategy switch
        {
            RolloutStrategy.Rolling => request.BatchSize,
            RolloutStrategy.Canary => Math.Max(request.BatchSize, request.CanarySize),
            _ => nodeCount,
        };
        var forcedFromEvent = request.ForceContinue ? 0 : int.MaxValue;
        var approved = false;
        var rollbackRequested = false;
        HashSet<string>? succeededAtRollback = null;
        var pauseChecked = false;
        Rollout result = rollout;
        for (var round = 0; ; round++)
        {
            round.ShouldBeLessThan(100, context);
            result = await Harness.DriveAsync(world.Time, engine.RunAsync(id));
            var nodes = await store.GetNodesAsync(id, default);
            world.MaxInFlight.ShouldBeLessThanOrEqualTo(limit, context);
            AssertCounters(result, nodes, context);
            nodes.ShouldNotContain(n => n.Status == NodeUpgradeStatus.InProgress, context);

            if (signalledDuring is not null && !pauseChecked && result.Status is RolloutStatus.Paused or RolloutStatus.Cancelled)
            {
                // The signal applies after the batch that was running when it arrived: that batch finished, no later one started.
                var batch = nodes.Single(n => n.NodeId == signalledDuring).BatchIndex;
                nodes.Where(n => n.BatchIndex == batch && n.AttemptCount > 0).ShouldAllBe(n => n.Status != NodeUpgradeStatus.Pending && n.Status != NodeUpgradeStatus.Skipped, context);
                nodes.Where(n => n.BatchIndex > batch).ShouldAllBe(n => n.AttemptCount == 0, context);
                if (signalChoice == 1)
                {
                    result.Status.ShouldBe(RolloutStatus.Cancelled, context);
                    nodes.Where(n => n.BatchIndex > batch).ShouldAllBe(n => n.Status == NodeUpgradeStatus.Skipped, context);
                }

                pauseChecked = true;
            }

            if (result.Status == RolloutStatus.Paused)
            {
                coverage.Add("paused:" + result.PauseReason);
                switch (result.PauseReason)
                {
                    case RolloutPauseReason.AwaitingCanaryApproval:
                        breaking.ShouldBeTrue(context);
                        nodes.Where(n => n.BatchIndex >= 1).ShouldAllBe(n => n.AttemptCount == 0, context);
                        approved = true;
                        await service.ApproveCanaryAsync(id);
                        break;
                    case RolloutPauseReason.CanaryFailed:
                        nodes.ShouldContain(n => n.BatchIndex == 0 && (n.Status == NodeUpgradeStatus.Failed || n.Status == NodeUpgradeStatus.FailedRollback), context);
                        await service.ResumeAsync(id);
                        break;
                    case RolloutPauseReason.FailureThresholdExceeded:
                        switch (rng.Next(4))
                        {
                            case 0:
                                forcedFromEvent = Math.Min(forcedFromEvent, events.Snapshot().Count);
                                await service.ForceAsync(id);
                                await service.ResumeAsync(id);
                                break;
                            case 1:
                                foreach (var failed in nodes.Where(n => n.Status == NodeUpgradeStatus.Failed && n.AttemptCount < 2))
                                {
                                    await service.RetryNodeAsync(id, failed.NodeId);
                                    coverage.Add("retry");
                                }

                                await service.ResumeAsync(id);
                                break;
                            case 2 when !rollbackRequested:
                                rollbackRequested = true;
                                succeededAtRollback = [.. nodes.Where(n => n.Status == NodeUpgradeStatus.Succeeded).Select(n => n.NodeId)];
                                await service.RollbackAsync(id);
                                break;
                            default:
                                await service.ResumeAsync(id);
                                break;
                        }

                        break;
                    default:
                        result.PauseReason.ShouldBe(RolloutPauseReason.Operator, context);
                        await service.ResumeAsync(id);
                        break;
                }

                continue;
            }

            if (result.Status is RolloutStatus.Completed or RolloutStatus.Failed && !rollbackRequested && rng.Next(4) == 0)
            {
                rollbackRequested = true;
                succeededAtRollback = [.. nodes.Where(n => n.Status == NodeUpgradeStatus.Succeeded).Select(n => n.NodeId)];
                await service.RollbackAsync(id);
                continue;
            }

            break;
        }

        var final = await store.GetNodesAsync(id, default);
        coverage.Add("final:" + result.Status);
        if (final.Any(n => n.Status == NodeUpgradeStatus.FailedRollback))
        {
            coverage.Add("node:failed_rollback");
        }

        if (final.Any(n => n.ErrorMessage?.Contains("reverted", StringComparison.Ordinal) == true))
        {
            coverage.Add("node:reverted");
        }
        result.Status.IsTerminal().ShouldBeTrue(context);
        final.ShouldAllBe(n => n.Status != NodeUpgradeStatus.Pending && n.Status != NodeUpgradeStatus.InProgress, context);
        switch (result.Status)
        {
            case RolloutStatus.Completed:
                result.FailedNodes.ShouldBe(0, context);
                result.SucceededNodes.ShouldBe(nodeCount, context);
                break;
            case RolloutStatus.Failed:
                result.FailedNodes.ShouldBeGreaterThan(0, context);
                break;
            case RolloutStatus.RolledBack:
                rollbackRequested.ShouldBeTrue(context);
                final.ShouldNotContain(n => n.Status == NodeUpgradeStatus.Succeeded, context);
                foreach (var nodeId in succeededAtRollback!)
                {
                    final.Single(n => n.NodeId == nodeId).Status.ShouldBeOneOf([NodeUpgradeStatus.RolledBack, NodeUpgradeStatus.FailedRollback], context);
                }

                final.Where(n => n.Status == NodeUpgradeStatus.RolledBack).ShouldAllBe(n => world.Versions[n.NodeId] == SimWorld.SourceVersion, context);
                break;
            case RolloutStatus.Cancelled:
                signalChoice.ShouldBe(1, context);
                break;
            default:
                throw new ShouldAssertException($"Unexpected final status {result.Status} ({context}).");
        }

        // Succeeded nodes run the new version; no upgrade id ever executed twice; attempts match executions.
        final.Where(n => n.Status == NodeUpgradeStatus.Succeeded).ShouldAllBe(n => world.Versions[n.NodeId] == SimWorld.TargetVersion, context);
        world.Executions.Select(e => e.UpgradeKey).ShouldBeUnique(context);
        foreach (var node in final)
        {
            var forward = world.Executions.Count(e => e.NodeId == node.NodeId && !e.UpgradeKey.EndsWith("-revert", StringComparison.Ordinal) && !e.UpgradeKey.EndsWith("-rollback", StringComparison.Ordinal));
            forward.ShouldBeLessThanOrEqualTo(node.AttemptCount, context);
        }

        if (breaking && final.Any(n => n.BatchIndex >= 1 && n.AttemptCount > 0))
        {
            approved.ShouldBeTrue(context);
        }

        // The failure threshold pauses exactly when failed / attempted exceeds it, after a batch, unless forced.
        var recorded = events.Snapshot();
        for (var i = 0; i < recorded.Count; i++)
        {
            var e = recorded[i];
            if (e.Type != RolloutEventTypes.RolloutProgress || e.PauseReason == RolloutPauseReason.CanaryFailed)
            {
                continue;
            }

            var attempted = e.SucceededNodes + e.FailedNodes;
            var expected = i < forcedFromEvent && attempted > 0 && (double)e.FailedNodes / attempted > request.FailureThreshold;
            var paused = e.RolloutStatus == RolloutStatus.Paused && e.PauseReason == RolloutPauseReason.FailureThresholdExceeded;
            paused.ShouldBe(expected, $"{context}, progress event {i}: {e.FailedNodes} failed of {attempted}, threshold {request.FailureThreshold}");
        }
    }

    private static void AssertCounters(Rollout rollout, IReadOnlyList<RolloutNode> nodes, string context)
    {
        rollout.TotalNodes.ShouldBe(nodes.Count, context);
        rollout.SucceededNodes.ShouldBe(nodes.Count(n => n.Status == NodeUpgradeStatus.Succeeded), context);
        rollout.FailedNodes.ShouldBe(nodes.Count(n => n.Status is NodeUpgradeStatus.Failed or NodeUpgradeStatus.FailedRollback), context);
        rollout.PendingNodes.ShouldBe(nodes.Count(n => n.Status is NodeUpgradeStatus.Pending or NodeUpgradeStatus.InProgress), context);
        rollout.RolledBackNodes.ShouldBe(nodes.Count(n => n.Status == NodeUpgradeStatus.RolledBack), context);
    }

    private sealed class Coverage
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Add(string key) => _counts[key] = _counts.GetValueOrDefault(key) + 1;

        public void AssertExercised(RolloutStrategy strategy)
        {
            var expected = new List<string>
            {
                "final:Completed", "final:Failed", "final:Cancelled", "final:RolledBack", "paused:Operator", "retry", "node:reverted",
            };
            if (strategy != RolloutStrategy.AllAtOnce)
            {
                expected.Add("paused:FailureThresholdExceeded");
            }

            if (strategy == RolloutStrategy.Canary)
            {
                expected.AddRange(["paused:CanaryFailed", "paused:AwaitingCanaryApproval"]);
            }

            var summary = string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
            foreach (var key in expected)
            {
                _counts.GetValueOrDefault(key).ShouldBeGreaterThan(0, $"The simulation never reached {key}: {summary}");
            }
        }
    }
}
