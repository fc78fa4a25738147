using Microsoft.Extensions.DependencyInjection;
using Upgrade.Orchestration;

namespace Upgrade.Benchmarks;

/// <summary>
/// The control plane a benchmark drives: Upgrade.Orchestration with the SQLite store and in-process agents, a fixed
/// inventory, one chain and one config template. Creating, starting and running a rollout is what gets measured.
/// </summary>
public sealed class BenchControlPlane : IAsyncDisposable
{
    public const string ChainProfileId = "bench";
    public const string NodeType = "full";
    public const string TemplateName = "app.conf";

    private readonly ServiceProvider _provider;

    public BenchControlPlane(string databasePath, string runtimeType, IReadOnlyList<InventoryNode> nodes, IReadOnlyDictionary<string, IUpgradeAgent> agents, string template)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<INodeInventory>(new FixedInventory(nodes));
        services.AddSingleton<IHealthSource>(new AlwaysHealthy());
        services.AddSingleton<IChainCatalog>(new OneChain(runtimeType));
        services.AddSingleton<IConfigTemplateSource>(new OneTemplate(template));
        services.AddUpgradeOrchestration(o =>
            {
                o.UpgradeRetryDelay = TimeSpan.FromMilliseconds(200);
                o.HealthPollInterval = TimeSpan.FromSeconds(1);
            })
            .UseSqliteStore(databasePath)
            .UseInProcessAgents(agents);
        _provider = services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Creates, starts and runs a rolling rollout to the end, and throws unless every node succeeded.</summary>
    public async Task<Rollout> RunRollingAsync(RolloutRequest request, CancellationToken cancellationToken)
    {
        var service = _provider.GetRequiredService<RolloutService>();
        var engine = _provider.GetRequiredService<RolloutEngine>();
        var rollout = await service.CreateAsync(request, cancellationToken);
        await service.StartAsync(rollout.Id, cancellationToken);
        var final = await engine.RunAsync(rollout.Id, cancellationToken);
        if (final.Status != RolloutStatus.Completed)
        {
            var nodes = await service.GetNodesAsync(rollout.Id, cancellationToken);
            var failed = nodes.FirstOrDefault(n => n.Status != NodeUpgradeStatus.Succeeded);
            throw new InvalidOperationException($"The rollout ended {final.Status} ({final.PauseReason}); first failed node {failed?.NodeId}: {failed?.ErrorMessage}");
        }

        return final;
    }

    /// <summary>
    /// A request for a rolling rollout in manual mode (no manifest file). The health window is the shortest there is:
    /// the node's own health (active, same main PID for the settle time) is waited for by the start action, on both
    /// sides of the fleet benchmark. The window is 2 ms, not 1: the engine's health loop spins on a delay that rounds
    /// down to 0 ms, so a window under about a millisecond would measure that spin.
    /// </summary>
    public static RolloutRequest RollingRequest(string url, string checksum, int batchSize, IReadOnlyList<ConfigChange> configChanges) => new()
    {
        ChainProfileId = ChainProfileId,
        NodeType = NodeType,
        SourceVersion = "v1",
        BinaryName = "app",
        TargetVersion = "v2",
        TargetBinaryUrl = url,
        TargetBinaryChecksum = checksum,
        ManifestContentHash = Sha256Checksum.Compute(System.Text.Encoding.UTF8.GetBytes(url + checksum)),
        ConfigChanges = configChanges,
        Strategy = RolloutStrategy.Rolling,
        BatchSize = batchSize,
        HealthWaitDuration = TimeSpan.FromMilliseconds(2),
        CreatedBy = "benchmark",
    };

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class FixedInventory(IReadOnlyList<InventoryNode> nodes) : INodeInventory
    {
        public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
            => Task.FromResult(nodes);
    }

    private sealed class AlwaysHealthy : IHealthSource
    {
        public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
            => Task.FromResult(new NodeHealthSnapshot
            {
                LastHeartbeatAt = TimeProvider.System.GetUtcNow(),
                ApplicationHealth = ApplicationHealth.Ok,
                SyncStatus = SyncStatus.Synced,
                NodeState = NodeState.Running,
            });
    }

    private sealed class OneChain(string runtimeType) : IChainCatalog
    {
        public Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken)
            => Task.FromResult(chainProfileId == ChainProfileId ? runtimeType : null);
    }

    private sealed class OneTemplate(string template) : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken)
            => Task.FromResult<string?>(templateName == TemplateName ? template : null);
    }
}
