using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>
/// A simulated fleet whose nodes each run several binaries (the components of a group): per-binary versions, agents
/// that run each upgrade id once and replay it afterwards, chosen forward upgrades that fail (compensated by the agent),
/// chosen binaries that make a node unhealthy on the new version, and an ordered log of executions.
/// </summary>
internal sealed class GroupWorld
{
    public const string SourceVersion = "v1";
    public const string TargetVersion = "v2";

    private readonly Lock _gate = new();

    public GroupWorld(int seed, int nodeCount, IReadOnlyList<string> binaries)
    {
        Seed = seed;
        Binaries = binaries;
        for (var i = 0; i < nodeCount; i++)
        {
            var id = $"node-{i:D2}";
            Agents[id] = new GroupAgent(this, id);
            foreach (var binary in binaries)
            {
                Versions[(id, binary)] = SourceVersion;
            }
        }
    }

    public int Seed { get; }

    public IReadOnlyList<string> Binaries { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public Dictionary<string, GroupAgent> Agents { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Node, string Binary), string> Versions { get; } = [];

    /// <summary>Gets the forward upgrades that fail on the agent (and are compensated there).</summary>
    public HashSet<(string Node, string Binary)> FailingUpgrades { get; } = [];

    /// <summary>Gets the node and binary pairs that make the node critical while the binary runs the target version.</summary>
    public HashSet<(string Node, string Binary)> UnhealthyOnTarget { get; } = [];

    /// <summary>Gets or sets a health override: nodes for which it returns true report critical application health.</summary>
    public Func<string, bool>? CriticalNow { get; set; }

    /// <summary>Gets every execution (not replay), in the order the agents started them.</summary>
    public List<Execution> Executions { get; } = [];

    public string VersionOf(string node, string binary)
    {
        lock (_gate)
        {
            return Versions[(node, binary)];
        }
    }

    public double Chance(string purpose, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}|{purpose}|{key}"));
        return BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
    }

    public INodeInventory Inventory() => new Inventory_(this);

    public IHealthSource Health() => new Health_(this);

    public IAgentTransport Transport() => new InProcessAgentTransport(Agents.ToDictionary(a => a.Key, a => (IUpgradeAgent)a.Value, StringComparer.Ordinal));

    public RolloutEngine Engine(IRolloutStore store, IRolloutGroupStore groups, IRolloutEventSink? events = null) =>
        new(Harness.Track(store, Time), Transport(), Inventory(), Health(), events, new RolloutMetrics(null), Harness.Options(), Time, null, null, null, groups, null);

    public RolloutGroupService Service(IRolloutStore store, IRolloutGroupStore groups)
    {
        store = Harness.Track(store, Time);
        return new RolloutGroupService(groups, store, new RolloutCreator(store, null, null, null, null, Time, groups), Time);
    }

    public RolloutService RolloutService(IRolloutStore store, IRolloutGroupStore groups)
    {
        store = Harness.Track(store, Time);
        return new RolloutService(store, new RolloutCreator(store, null, null, null, null, Time, groups), Time);
    }

    public void SetVersion(string node, string binary, string version)
    {
        lock (_gate)
        {
            Versions[(node, binary)] = version;
        }
    }

    public void Record(string node, UpgradePayload payload)
    {
        lock (_gate)
        {
            Executions.Add(new Execution(Executions.Count, node, payload.BinaryName, payload.UpgradeId, payload.TargetVersion, payload.RevertsUpgradeId is not null));
        }
    }

    public List<Execution> ExecutionLog()
    {
        lock (_gate)
        {
            return [.. Executions];
        }
    }

    /// <summary>One upgrade the agent ran: <paramref name="Reverts"/> marks reverts and rollbacks (swapped versions).</summary>
    public sealed record Execution(int Sequence, string Node, string Binary, string UpgradeId, string TargetVersion, bool Reverts);

    private sealed class Inventory_(GroupWorld world) : INodeInventory
    {
        public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Nodes of a group run several binaries; the engine must ask for one binary.");

        public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, string binaryName, CancellationToken cancellationToken)
        {
            IReadOnlyList<InventoryNode> nodes = [.. world.Agents.Keys.Select(id =>
            {
                var version = world.VersionOf(id, binaryName);
                return new InventoryNode
                {
                    NodeId = id,
                    CurrentVersion = version,
                    CurrentBinaryUrl = $"https://releases.example/{binaryName}-{version}",
                    CurrentChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(binaryName + version)),
                };
            })];
            return Task.FromResult(nodes);
        }
    }

    private sealed class Health_(GroupWorld world) : IHealthSource
    {
        public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
        {
            var unhealthy = world.Binaries.Any(b => world.UnhealthyOnTarget.Contains((nodeId, b)) && world.VersionOf(nodeId, b) == TargetVersion)
                || world.CriticalNow?.Invoke(nodeId) == true;
            return Task.FromResult(new NodeHealthSnapshot
            {
                LastHeartbeatAt = world.Time.GetUtcNow(),
                ApplicationHealth = unhealthy ? ApplicationHealth.Critical : ApplicationHealth.Degraded,
                SyncStatus = SyncStatus.Syncing,
                NodeState = NodeState.Running,
                RestartCount = 0,
            });
        }
    }
}

/// <summary>A simulated agent of a multi-binary node: runs each upgrade id once, joins a running one, replays stored outcomes.</summary>
internal sealed class GroupAgent(GroupWorld world, string nodeId) : IUpgradeAgent
{
    private readonly Dictionary<string, UpgradeOutcome> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<UpgradeOutcome>> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_completed.TryGetValue(payload.UpgradeId, out var done))
            {
                return Task.FromResult(done with { IsReplay = true });
            }

            if (_running.TryGetValue(payload.UpgradeId, out var running))
            {
                return running;
            }

            var task = ExecuteAsync(payload);
            if (!task.IsCompleted)
            {
                _running[payload.UpgradeId] = task;
            }

            return task;
        }
    }

    public ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_completed.GetValueOrDefault(upgradeId));
        }
    }

    private async Task<UpgradeOutcome> ExecuteAsync(UpgradePayload payload)
    {
        world.Record(nodeId, payload);
        var duration = TimeSpan.FromSeconds(5 + (35 * world.Chance("duration", nodeId + payload.UpgradeId)));
        await Task.Delay(duration, world.Time).ConfigureAwait(false);
        var forward = payload.RevertsUpgradeId is null && payload.TargetVersion == GroupWorld.TargetVersion;
        UpgradeOutcome outcome;
        if (forward && world.FailingUpgrades.Contains((nodeId, payload.BinaryName)))
        {
            outcome = new UpgradeCompensated
            {
                UpgradeId = payload.UpgradeId,
                CompletedAt = world.Time.GetUtcNow(),
                FailedAction = "start_node",
                Error = new UpgradeError { Type = "Simulated", Message = "the node did not start" },
            };
        }
        else
        {
            world.SetVersion(nodeId, payload.BinaryName, payload.TargetVersion);
            outcome = new UpgradeSucceeded { UpgradeId = payload.UpgradeId, CompletedAt = world.Time.GetUtcNow() };
        }

        lock (_gate)
        {
            _completed[payload.UpgradeId] = outcome;
            _running.Remove(payload.UpgradeId);
        }

        return outcome;
    }
}
