namespace Upgrade.Orchestration.Tests.Engine;

public sealed class HealthEvaluatorTests
{
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, NodeHealthSnapshot, string?> Cases => new()
    {
        { "syncing and degraded are tolerated", Healthy() with { SyncStatus = SyncStatus.Syncing, ApplicationHealth = ApplicationHealth.Degraded }, null },
        { "no heartbeat", Healthy() with { LastHeartbeatAt = null }, "no heartbeat in the window" },
        { "old heartbeat", Healthy() with { LastHeartbeatAt = Since.AddSeconds(-1) }, "no heartbeat in the window" },
        { "critical", Healthy() with { ApplicationHealth = ApplicationHealth.Critical }, "application health is critical" },
        { "stalled", Healthy() with { SyncStatus = SyncStatus.Stalled }, "sync is stalled" },
        { "down", Healthy() with { NodeState = NodeState.Down }, "node state is down" },
        { "failed", Healthy() with { NodeState = NodeState.Failed }, "node state is failed" },
        { "two restarts pass", Healthy() with { RestartCount = 2 }, null },
        { "three restarts are a crash loop", Healthy() with { RestartCount = 3 }, "crash loop: 3 restarts in the window (limit 2)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Criteria(string name, NodeHealthSnapshot snapshot, string? expected)
    {
        HealthEvaluator.Evaluate(snapshot, Since, maxRestarts: 3, requireHeartbeat: true).ShouldBe(expected, name);
    }

    [Fact]
    public void Evaluate_BeforeTheWindowEnds_DoesNotRequireAHeartbeat()
    {
        HealthEvaluator.Evaluate(Healthy() with { LastHeartbeatAt = null }, Since, 3, requireHeartbeat: false).ShouldBeNull();
    }

    private static NodeHealthSnapshot Healthy() => new()
    {
        LastHeartbeatAt = Since.AddSeconds(5),
        ApplicationHealth = ApplicationHealth.Ok,
        SyncStatus = SyncStatus.Synced,
        NodeState = NodeState.Running,
    };
}

public sealed class RolloutBatchesTests
{
    private static readonly InventoryNode[] Nodes = [.. Enumerable.Range(0, 7).Select(i => new InventoryNode { NodeId = $"n{i}", CurrentVersion = "v1" })];

    [Fact]
    public void Assign_Rolling_ChunksInOrder()
    {
        RolloutBatches.Assign(Nodes, RolloutStrategy.Rolling, 3, 0, 0).OrderBy(p => p.Key).Select(p => p.Value).ShouldBe([0, 0, 0, 1, 1, 1, 2]);
    }

    [Fact]
    public void Assign_AllAtOnce_OneBatch()
    {
        RolloutBatches.Assign(Nodes, RolloutStrategy.AllAtOnce, 2, 0, 0).Values.ShouldAllBe(b => b == 0);
    }

    [Fact]
    public void Assign_Canary_RandomButReproducibleFromTheSeed()
    {
        var first = RolloutBatches.Assign(Nodes, RolloutStrategy.Canary, 2, 2, seed: 42);
        var again = RolloutBatches.Assign(Nodes, RolloutStrategy.Canary, 2, 2, seed: 42);
        var canaries = Enumerable.Range(0, 50).Select(seed => string.Join(',', RolloutBatches.Assign(Nodes, RolloutStrategy.Canary, 2, 2, seed).Where(p => p.Value == 0).Select(p => p.Key).Order())).Distinct().Count();

        again.ShouldBe(first);
        first.Count(p => p.Value == 0).ShouldBe(2);
        first.Where(p => p.Value > 0).GroupBy(p => p.Value).Select(g => g.Count()).ShouldBe([2, 2, 1]);
        canaries.ShouldBeGreaterThan(5);
    }
}
