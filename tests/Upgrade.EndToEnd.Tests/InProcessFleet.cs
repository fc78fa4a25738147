using System.Text;
using Upgrade.Executor;
using Upgrade.Orchestration;
using Upgrade.Testing;

namespace Upgrade.EndToEnd.Tests;

/// <summary>
/// A fleet of in-memory nodes, each with a real agent (Upgrade.Executor, the eight actions, in-memory stores): the
/// control plane's inventory, health source and agents.
/// </summary>
internal sealed class InProcessFleet : INodeInventory, IHealthSource
{
    public const string InstallTarget = "/opt/node/bin/node";
    public const string ConfigPath = "/etc/node/node.toml";
    public const string V2Url = "https://releases.example/node-v2";
    public const string V1Url = "https://releases.example/node-v1";

    public static readonly byte[] V1 = Encoding.UTF8.GetBytes("node v1");
    public static readonly byte[] V2 = Encoding.UTF8.GetBytes("node v2");

    public InProcessFleet(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var runtime = new InMemoryRuntimeAdapter($"node-{i}");
            runtime.SetState(InstallTarget, V1, new Dictionary<string, string> { [ConfigPath] = "peers = 50\n" });
            runtime.PublishArtifact(V2Url, V2);
            runtime.PublishArtifact(V1Url, V1);
            var completed = new InMemoryCompletedUpgradeStore();
            var agent = new UpgradeAgent(
                new UpgradeExecutor(completed, new InMemoryCheckpointStore()),
                runtime,
                completed,
                new UpgradeAgentOptions { RuntimeType = "memory", InstallTarget = InstallTarget, DataDirectory = "/var/lib/node" });
            Runtimes[runtime.ServiceName] = runtime;
            Agents[runtime.ServiceName] = agent;
        }
    }

    public Dictionary<string, InMemoryRuntimeAdapter> Runtimes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IUpgradeAgent> Agents { get; } = new(StringComparer.Ordinal);

    public static string V1Checksum => Sha256Checksum.Compute(V1);

    public static string V2Checksum => Sha256Checksum.Compute(V2);

    public string VersionOf(string nodeId)
    {
        var installed = Runtimes[nodeId].ReadFile(InstallTarget);
        return installed is null ? "none" : installed.SequenceEqual(V2) ? "v2" : installed.SequenceEqual(V1) ? "v1" : "other";
    }

    public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<InventoryNode>>(
        [
            .. Runtimes.Keys.Order(StringComparer.Ordinal).Select(id => VersionOf(id) == "v2"
                ? new InventoryNode { NodeId = id, CurrentVersion = "v2", CurrentBinaryUrl = V2Url, CurrentChecksum = V2Checksum }
                : new InventoryNode { NodeId = id, CurrentVersion = "v1", CurrentBinaryUrl = V1Url, CurrentChecksum = V1Checksum }),
        ]);

    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var running = Runtimes[nodeId].IsRunning;
        return Task.FromResult(new NodeHealthSnapshot
        {
            LastHeartbeatAt = running ? TimeProvider.System.GetUtcNow() : null,
            ApplicationHealth = running ? ApplicationHealth.Ok : ApplicationHealth.Critical,
            SyncStatus = SyncStatus.Syncing,
            NodeState = running ? NodeState.Running : NodeState.Down,
        });
    }
}
