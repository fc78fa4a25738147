// The control-plane test host of the crash matrix.
// Usage: dotnet Upgrade.CrashMatrix.ControlPlaneHost.dll --dir DIR --strategy rolling|canary|rolling-rollback [--kill N1,N2,...]
// Creates (once) and drives one rollout on DIR/control.db with in-process agents whose state lives under DIR/nodes;
// rolling-rollback fails one node's health, and once the failure threshold pauses the rollout, signals a rollback.
// After the N-th rollout-store write of the scenario (counted across runs through DIR/armed.txt) it prints "armed N"
// and blocks until killed; run it again with the same arguments until it exits. Exit codes: 0 the rollout reached a
// final status (prints "writes W" and "status S"), 3 it stopped short of one, 1 error.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Upgrade;
using Upgrade.CrashMatrix.ControlPlaneHost;
using Upgrade.Executor;
using Upgrade.Orchestration;

string? directory = null, strategyName = null;
var points = new List<int>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--dir": directory = args[i + 1]; break;
        case "--strategy": strategyName = args[i + 1]; break;
        case "--kill": points.AddRange(args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))); break;
        default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
    }
}

if (directory is null || strategyName is null)
{
    Console.Error.WriteLine("usage: --dir DIR --strategy rolling|canary|rolling-rollback [--kill N1,N2,...]");
    return 2;
}

try
{
    _ = Scenario.ParseStrategy(strategyName); // refuses an unknown scenario before anything is written
    Directory.CreateDirectory(directory);
    var marker = Path.Combine(directory, Scenario.ArmedFile);
    var firstWrite = File.Exists(marker) ? File.ReadAllLines(marker).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() : 0;
    var store = new ArmedRolloutStore(new SqliteRolloutStore(Scenario.DatabaseOf(directory)), firstWrite, [.. points.Where(p => p > firstWrite)], marker);

    var agents = new Dictionary<string, IUpgradeAgent>(StringComparer.Ordinal);
    var runtimes = new Dictionary<string, LoggedRuntimeAdapter>(StringComparer.Ordinal);
    foreach (var nodeId in Scenario.NodeIds)
    {
        var nodeDirectory = Scenario.NodeDirectoryOf(directory, nodeId);
        Directory.CreateDirectory(nodeDirectory);
        var runtime = new LoggedRuntimeAdapter(nodeDirectory, Scenario.SourceChecksum);
        var completed = new FileCompletedUpgradeStore(Path.Combine(nodeDirectory, "completed"));
        var executor = new UpgradeExecutor(completed, new FileCheckpointStore(Path.Combine(nodeDirectory, "checkpoints")));
        var agent = new UpgradeAgent(executor, runtime, completed, new UpgradeAgentOptions
        {
            RuntimeType = RuntimeTypes.Systemd,
            InstallTarget = Path.Combine(nodeDirectory, "node"),
            DataDirectory = Path.Combine(nodeDirectory, "data"),
            AllowInsecureHttp = true,
        });
        agents[nodeId] = new TaggingAgent(agent);
        runtimes[nodeId] = runtime;
    }

    var services = new ServiceCollection();
    services.AddUpgradeOrchestration(o =>
        {
            // Instant agents and windows: a run takes milliseconds apart from process start.
            o.HealthPollInterval = TimeSpan.FromMilliseconds(1);
            o.UpgradeRetryDelay = TimeSpan.Zero;
            o.UpgradeTimeout = TimeSpan.FromSeconds(30);
        })
        .UseInProcessAgents(agents);
    services.Replace(ServiceDescriptor.Singleton<IRolloutStore>(store));
    services.AddSingleton<INodeInventory>(new LoggedInventory(runtimes));
    services.AddSingleton<IHealthSource>(new RuntimeHealth(runtimes, Scenario.RollsBack(strategyName) ? Scenario.UnhealthyNode : null));
    await using var provider = services.BuildServiceProvider();
    var service = provider.GetRequiredService<RolloutService>();
    var engine = provider.GetRequiredService<RolloutEngine>();

    // Idempotent set-up: a run killed after the insert or before the start signal finishes it here.
    var rollout = (await store.ListAsync(activeOnly: false, CancellationToken.None)).SingleOrDefault()
        ?? await service.CreateAsync(Scenario.Request(strategyName), CancellationToken.None);
    var signals = await store.GetSignalsAsync(rollout.Id, 0, CancellationToken.None);
    if (rollout.Status == RolloutStatus.Pending && !signals.Any(s => s.Kind == RolloutSignalKind.Start))
    {
        await service.StartAsync(rollout.Id, CancellationToken.None);
    }

    var ended = await engine.RunAsync(rollout.Id, CancellationToken.None);
    if (Scenario.RollsBack(strategyName) && ended is { Status: RolloutStatus.Paused, PauseReason: RolloutPauseReason.FailureThresholdExceeded })
    {
        // Idempotent like the start: a run killed after the signal was stored resumes the rollback instead.
        if (!(await store.GetSignalsAsync(rollout.Id, 0, CancellationToken.None)).Any(s => s.Kind == RolloutSignalKind.Rollback))
        {
            await service.RollbackAsync(rollout.Id, CancellationToken.None);
        }

        ended = await engine.RunAsync(rollout.Id, CancellationToken.None);
    }

    Console.Out.WriteLine("writes " + store.Writes.ToString(CultureInfo.InvariantCulture));
    Console.Out.WriteLine("status " + ended.Status);
    return ended.Status.IsTerminal() ? 0 : 3;
}
catch (Exception exception)
{
    Console.Error.WriteLine(exception.ToString());
    return 1;
}

/// <summary>Reports each node's version from what its runtime carries.</summary>
internal sealed class LoggedInventory(IReadOnlyDictionary<string, LoggedRuntimeAdapter> runtimes) : INodeInventory
{
    public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
    {
        IReadOnlyList<InventoryNode> nodes = [.. runtimes.Select(r =>
        {
            var version = r.Value.InstalledChecksum() == Scenario.TargetChecksum ? Scenario.TargetVersion : Scenario.SourceVersion;
            return new InventoryNode
            {
                NodeId = r.Key,
                CurrentVersion = version,
                CurrentBinaryUrl = "https://releases.example/node-" + version,
                CurrentChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(version)),
            };
        })];
        return Task.FromResult(nodes);
    }
}

/// <summary>Every node beats now and is healthy, except the unhealthy node while its runtime carries the target version.</summary>
internal sealed class RuntimeHealth(IReadOnlyDictionary<string, LoggedRuntimeAdapter> runtimes, string? unhealthyNode) : IHealthSource
{
    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var critical = nodeId == unhealthyNode && runtimes[nodeId].InstalledChecksum() == Scenario.TargetChecksum;
        return Task.FromResult(new NodeHealthSnapshot
        {
            LastHeartbeatAt = DateTimeOffset.UtcNow,
            ApplicationHealth = critical ? ApplicationHealth.Critical : ApplicationHealth.Ok,
            SyncStatus = SyncStatus.Synced,
            NodeState = NodeState.Running,
            RestartCount = 0,
        });
    }
}
