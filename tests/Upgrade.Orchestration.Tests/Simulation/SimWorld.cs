using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Orchestration.Tests.Simulation;

/// <summary>
/// A simulated fleet: agents with a completed-upgrade store (layer-1 deduplication), seeded deterministic faults keyed
/// on the upgrade id without its rollout prefix, a health source that fails chosen nodes on the new version, and an
/// in-flight counter.
/// </summary>
internal sealed class SimWorld
{
    public const string SourceVersion = "v1";
    public const string TargetVersion = "v2";

    private readonly Lock _gate = new();
    private int _inFlight;

    public SimWorld(int seed, int nodeCount, FakeTimeProvider? time = null)
    {
        Seed = seed;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < nodeCount; i++)
        {
            var id = $"node-{i:D2}";
            Agents[id] = new SimAgent(this, id);
            Versions[id] = SourceVersion;
        }
    }

    public int Seed { get; }

    public FakeTimeProvider Time { get; }

    public Dictionary<string, SimAgent> Agents { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets each node's config variables, as the inventory reports them.</summary>
    public Dictionary<string, Dictionary<string, string>> NodeVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the chance that an upgrade (not a revert or rollback) fails and is compensated.</summary>
    public double UpgradeFailureRate { get; set; }

    /// <summary>Gets or sets the chance that a node is unhealthy on the new version.</summary>
    public double UnhealthyRate { get; set; }

    /// <summary>Gets or sets the chance that a send is lost before reaching the agent.</summary>
    public double LostRequestRate { get; set; }

    /// <summary>Gets or sets the chance that the answer of a send is lost after the agent ran it.</summary>
    public double LostResponseRate { get; set; }

    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(40);

    public int MaxInFlight { get; private set; }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Gets every upgrade execution (not replay): node and upgrade id without the rollout prefix.</summary>
    public List<(string NodeId, string UpgradeKey)> Executions { get; } = [];

    /// <summary>Called when an agent starts executing an upgrade (not a replay).</summary>
    public Action<string, UpgradePayload>? OnExecutionStarted { get; set; }

    public static string KeyOf(string upgradeId) => upgradeId[(upgradeId.IndexOf('-', StringComparison.Ordinal) + 1)..];

    /// <summary>A stable pseudo-random number in [0, 1) for a purpose and key.</summary>
    public double Chance(string purpose, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}|{purpose}|{key}"));
        return BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
    }

    public bool IsUnhealthyOnTarget(string nodeId) => Chance("unhealthy", nodeId) < UnhealthyRate;

    public IReadOnlyDictionary<string, IUpgradeAgent> AgentMap() => Agents.ToDictionary(a => a.Key, a => (IUpgradeAgent)a.Value, StringComparer.Ordinal);

    public INodeInventory Inventory() => new SimInventory(this);

    public IHealthSource Health() => new SimHealth(this);

    public IAgentTransport Transport() => new SimTransport(this, new InProcessAgentTransport(AgentMap()));

    public void Enter()
    {
        lock (_gate)
        {
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
        }
    }

    public void Leave()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    public void RecordExecution(string nodeId, string upgradeId)
    {
        lock (_gate)
        {
            Executions.Add((nodeId, KeyOf(upgradeId)));
        }
    }

    private sealed class SimInventory(SimWorld world) : INodeInventory
    {
        public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
        {
            IReadOnlyList<InventoryNode> nodes = [.. world.Agents.Keys.Select(id => new InventoryNode
            {
                NodeId = id,
                CurrentVersion = world.Versions[id],
                CurrentBinaryUrl = "https://releases.example/node-" + world.Versions[id],
                CurrentChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(world.Versions[id])),
                ConfigVariables = world.NodeVariables.GetValueOrDefault(id) ?? [],
            })];
            return Task.FromResult(nodes);
        }
    }

    private sealed class SimHealth(SimWorld world) : IHealthSource
    {
        public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
        {
            var unhealthy = world.Versions[nodeId] == TargetVersion && world.IsUnhealthyOnTarget(nodeId);
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

    private sealed class SimTransport(SimWorld world, InProcessAgentTransport inner) : IAgentTransport
    {
        private readonly Dictionary<string, int> _tries = new(StringComparer.Ordinal);

        public async Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_tries)
            {
                attempt = _tries[payload.UpgradeId] = _tries.GetValueOrDefault(payload.UpgradeId) + 1;
            }

            var key = $"{KeyOf(payload.UpgradeId)}#{attempt}";
            if (world.Chance("lost-request", key) < world.LostRequestRate)
            {
                throw new AgentUnavailableException($"The request of {payload.UpgradeId} to {nodeId} was lost.");
            }

            var outcome = await inner.SendUpgradeAsync(nodeId, payload, observer, cancellationToken).ConfigureAwait(false);
            if (world.Chance("lost-response", key) < world.LostResponseRate)
            {
                throw new AgentUnavailableException($"The response of {payload.UpgradeId} from {nodeId} was lost.");
            }

            return outcome;
        }

        public Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken) =>
            inner.GetOutcomeAsync(nodeId, upgradeId, cancellationToken);
    }
}
