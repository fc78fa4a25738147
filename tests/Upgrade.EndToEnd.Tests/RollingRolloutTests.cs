using Microsoft.Extensions.DependencyInjection;
using Upgrade.Orchestration;

namespace Upgrade.EndToEnd.Tests;

/// <summary>
/// A rolling rollout driven by Upgrade.Orchestration over in-process agents that run Upgrade.Executor's eight actions
/// against in-memory nodes: the two halves of the SDK meeting only through the transport contracts.
/// </summary>
public sealed class RollingRolloutTests
{
    private static (RolloutService Service, RolloutEngine Engine, ServiceProvider Provider) CreateControlPlane(InProcessFleet fleet)
    {
        var services = new ServiceCollection();
        services.AddSingleton<INodeInventory>(fleet);
        services.AddSingleton<IHealthSource>(fleet);
        services.AddSingleton<IConfigTemplateSource>(new Templates());
        services.AddUpgradeOrchestration(o => o.HealthPollInterval = TimeSpan.FromMilliseconds(20))
            .UseInMemoryStore()
            .UseInProcessAgents(fleet.Agents);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<RolloutService>(), provider.GetRequiredService<RolloutEngine>(), provider);
    }

    private static RolloutRequest Request(int batchSize, bool withConfig = false) => new()
    {
        ConfigChanges = withConfig ? [new ConfigChange { Path = InProcessFleet.ConfigPath, Template = "node.toml", Overrides = new Dictionary<string, string> { ["peers"] = "100" } }] : null,
        ChainProfileId = "chain-a",
        NodeType = "full",
        RuntimeType = "memory",
        BinaryName = "node",
        SourceVersion = "v1",
        TargetVersion = "v2",
        TargetBinaryUrl = InProcessFleet.V2Url,
        TargetBinaryChecksum = InProcessFleet.V2Checksum,
        ManifestContentHash = Sha256Checksum.Compute("manual"u8),
        Strategy = RolloutStrategy.Rolling,
        BatchSize = batchSize,
        FailureThreshold = 0.5,
        HealthWaitDuration = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task RollingRollout_OverExecutorAgents_UpgradesEveryNodeOnce()
    {
        var fleet = new InProcessFleet(6);
        var (service, engine, provider) = CreateControlPlane(fleet);
        await using var _ = provider;
        var rollout = await service.CreateAsync(Request(batchSize: 2));
        await service.StartAsync(rollout.Id);

        var final = await engine.RunAsync(rollout.Id).WaitAsync(TimeSpan.FromMinutes(1));

        final.Status.ShouldBe(RolloutStatus.Completed);
        final.SucceededNodes.ShouldBe(6);
        final.FailedNodes.ShouldBe(0);
        final.BatchCount.ShouldBe(3);
        var nodes = await service.GetNodesAsync(rollout.Id);
        nodes.ShouldAllBe(n => n.Status == NodeUpgradeStatus.Succeeded);
        nodes.GroupBy(n => n.BatchIndex).ShouldAllBe(batch => batch.Count() == 2);
        foreach (var (id, runtime) in fleet.Runtimes)
        {
            fleet.VersionOf(id).ShouldBe("v2");
            runtime.IsRunning.ShouldBeTrue();
            runtime.MutatingCalls.Count(c => c.StartsWith("InstallArtifactAsync", StringComparison.Ordinal)).ShouldBe(1, $"{id} is upgraded once");
        }
    }

    [Fact]
    public async Task RollingRollout_NodeWhoseNewVersionCrashes_IsCompensatedAndTheRestUpgraded()
    {
        var fleet = new InProcessFleet(4);
        fleet.Runtimes["node-1"].CrashOnStart(InProcessFleet.V2Checksum);
        var (service, engine, provider) = CreateControlPlane(fleet);
        await using var _ = provider;
        var rollout = await service.CreateAsync(Request(batchSize: 4));
        await service.StartAsync(rollout.Id);

        var final = await engine.RunAsync(rollout.Id).WaitAsync(TimeSpan.FromMinutes(1));

        final.SucceededNodes.ShouldBe(3);
        final.FailedNodes.ShouldBe(1);
        var failed = (await service.GetNodesAsync(rollout.Id)).Single(n => n.NodeId == "node-1");
        failed.Status.ShouldBe(NodeUpgradeStatus.Failed);
        failed.ErrorMessage.ShouldNotBeNull().ShouldContain("start_node");
        fleet.VersionOf("node-1").ShouldBe("v1");
        fleet.Runtimes["node-1"].IsRunning.ShouldBeTrue();
        fleet.Runtimes["node-1"].ReadFile(InProcessFleet.ConfigPath).ShouldBe("peers = 50\n"u8.ToArray());
        new[] { "node-0", "node-2", "node-3" }.ShouldAllBe(id => fleet.VersionOf(id) == "v2");
    }

    [Fact]
    public async Task FullRollback_AfterACompletedRollout_ReturnsEveryNodeToV1WithItsOwnConfig()
    {
        var fleet = new InProcessFleet(3);
        var (service, engine, provider) = CreateControlPlane(fleet);
        await using var _ = provider;
        var rollout = await service.CreateAsync(Request(batchSize: 3, withConfig: true));
        await service.StartAsync(rollout.Id);
        (await engine.RunAsync(rollout.Id)).Status.ShouldBe(RolloutStatus.Completed);
        fleet.Runtimes.Values.Select(r => System.Text.Encoding.UTF8.GetString(r.ReadFile(InProcessFleet.ConfigPath)!)).ShouldAllBe(c => c == "peers = 100\n");

        await service.RollbackAsync(rollout.Id);
        var final = await engine.RunAsync(rollout.Id).WaitAsync(TimeSpan.FromMinutes(1));

        final.Status.ShouldBe(RolloutStatus.RolledBack);
        (await service.GetNodesAsync(rollout.Id)).ShouldAllBe(n => n.Status == NodeUpgradeStatus.RolledBack);
        fleet.Runtimes.Keys.ShouldAllBe(id => fleet.VersionOf(id) == "v1");
        fleet.Runtimes.Values.ShouldAllBe(r => r.IsRunning);
        fleet.Runtimes.Values.Select(r => System.Text.Encoding.UTF8.GetString(r.ReadFile(InProcessFleet.ConfigPath)!)).ShouldAllBe(c => c == "peers = 50\n", "v1 must not run with v2's config");
    }

    private sealed class Templates : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken)
            => Task.FromResult<string?>("peers = {{ peers }}\n");
    }
}
