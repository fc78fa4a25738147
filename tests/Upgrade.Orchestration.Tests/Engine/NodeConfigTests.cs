using System.Collections.Concurrent;
using System.Text;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Engine;

/// <summary>
/// Config templates render in two stages: chain variables and overrides at creation, <c>{{ node.name }}</c> per node
/// from the inventory's values captured when the rollout resolves its targets.
/// </summary>
public sealed class NodeConfigTests
{
    [Fact]
    public async Task RunAsync_TemplateWithNodeVariables_SendsEachNodeItsOwnContentAndSkipsANodeWithoutThem()
    {
        var world = new SimWorld(seed: 2, nodeCount: 3);
        world.NodeVariables["node-00"] = new() { ["moniker"] = "alpha", ["unused"] = "x" };
        world.NodeVariables["node-01"] = new() { ["moniker"] = "beta" };
        var payloads = new ConcurrentDictionary<string, UpgradePayload>(StringComparer.Ordinal);
        world.OnExecutionStarted = (node, payload) => payloads[node] = payload;
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time, templates: new Templates(), variables: new ChainVariables());
        var request = Harness.Request(RolloutStrategy.Rolling, batchSize: 1);
        request.ConfigChanges = [new ConfigChange { Path = "/etc/node/node.toml", Template = "node.toml.tmpl" }];

        var rollout = await service.CreateAsync(request);
        Content(rollout.ConfigFiles.Single()).ShouldBe("chain=mocha\nmoniker={{ node.moniker }}\n");
        await service.StartAsync(rollout.Id);
        var done = await Harness.DriveAsync(world.Time, Harness.Engine(store, world).RunAsync(rollout.Id));

        done.Status.ShouldBe(RolloutStatus.Completed);
        Content(payloads["node-00"].ConfigFiles.Single()).ShouldBe("chain=mocha\nmoniker=alpha\n");
        Content(payloads["node-01"].ConfigFiles.Single()).ShouldBe("chain=mocha\nmoniker=beta\n");
        payloads.ContainsKey("node-02").ShouldBeFalse();
        var nodes = (await store.GetNodesAsync(rollout.Id, default)).ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        nodes["node-00"].ConfigVariables.ShouldBe([new KeyValuePair<string, string>("moniker", "alpha")]);
        nodes["node-02"].Status.ShouldBe(NodeUpgradeStatus.Skipped);
        nodes["node-02"].ErrorMessage.ShouldNotBeNull().ShouldContain("'node.moniker'");
        done.SucceededNodes.ShouldBe(2);
    }

    [Fact]
    public async Task CreateAsync_OverrideOfANodeVariable_RendersItForEveryNode()
    {
        var world = new SimWorld(seed: 3, nodeCount: 2);
        var store = new InMemoryRolloutStore();
        var service = Harness.Service(store, world.Time, templates: new Templates(), variables: new ChainVariables());
        var request = Harness.Request(RolloutStrategy.AllAtOnce);
        request.ConfigChanges = [new ConfigChange { Path = "/etc/node/node.toml", Template = "node.toml.tmpl", Overrides = new Dictionary<string, string> { ["node.moniker"] = "shared" } }];

        var rollout = await service.CreateAsync(request);
        await service.StartAsync(rollout.Id);
        var done = await Harness.DriveAsync(world.Time, Harness.Engine(store, world).RunAsync(rollout.Id));

        Content(rollout.ConfigFiles.Single()).ShouldBe("chain=mocha\nmoniker=shared\n");
        var nodes = await store.GetNodesAsync(rollout.Id, default);
        done.SucceededNodes.ShouldBe(2, string.Join("; ", nodes.Select(n => $"{n.NodeId}: {n.Status} {n.Stage} {n.ErrorMessage}")));
        nodes.ShouldAllBe(n => n.ConfigVariables.Count == 0);
    }

    private static string Content(ConfigFile file) => Encoding.UTF8.GetString(file.Content.Span);

    private sealed class Templates : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(templateName == "node.toml.tmpl" ? "chain={{ chain }}\nmoniker={{ node.moniker }}\n" : null);
    }

    private sealed class ChainVariables : IConfigVariableSource
    {
        public Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["chain"] = "mocha" });
    }
}
