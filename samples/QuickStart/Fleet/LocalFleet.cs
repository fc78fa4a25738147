using Microsoft.Extensions.Logging;
using Upgrade;
using Upgrade.Executor;
using Upgrade.Orchestration;
using Upgrade.Samples.ProcessRuntime;

namespace QuickStart.Fleet;

/// <summary>
/// A fleet of local nodes under a state directory. Each node is a directory with its own bin/, etc/ and data/, a
/// process started from its bin/node, and an in-process agent (Upgrade.Executor with the process runtime and durable
/// file stores). The fleet is also the control plane's inventory and health source.
/// </summary>
internal sealed class LocalFleet : INodeInventory, IHealthSource, IAsyncDisposable
{
    public const string ChainProfileId = "quickstart-local";
    public const string NodeType = "full";
    public const string InitialConfig = "greeting = \"hello\"\nmax_peers = 50\n";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Dictionary<string, FleetNode> _nodes;
    private readonly IReadOnlyDictionary<string, (string Url, string Checksum)> _releases;

    private LocalFleet(IReadOnlyList<FleetNode> nodes, IReadOnlyDictionary<string, (string Url, string Checksum)> releases)
    {
        _releases = releases;
        Nodes = nodes;
        _nodes = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<FleetNode> Nodes { get; }

    public IReadOnlyDictionary<string, IUpgradeAgent> Agents => _nodes.ToDictionary(n => n.Key, n => n.Value.Agent, StringComparer.Ordinal);

    /// <param name="releases">Where each version's binary is published, so that the control plane can roll a node back.</param>
    public static async Task<LocalFleet> StartAsync(string stateDirectory, int count, int? failNode, IReadOnlyDictionary<string, (string Url, string Checksum)> releases, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var nodes = new List<FleetNode>();
        for (var i = 1; i <= count; i++)
        {
            var id = $"node-{i}";
            var root = Path.Combine(stateDirectory, "nodes", id);
            var node = CreateNode(id, root, ArtifactServer.FreePort(), crashOnV2: failNode == i, loggerFactory);
            if (!File.Exists(node.InstallTarget))
            {
                // First run: provision the node on v1.
                Directory.CreateDirectory(Path.GetDirectoryName(node.InstallTarget)!);
                Directory.CreateDirectory(Path.GetDirectoryName(node.ConfigPath)!);
                await File.WriteAllBytesAsync(node.InstallTarget, NodeBinaries.Build(NodeBinaries.V1), cancellationToken);
                File.SetUnixFileMode(node.InstallTarget, (UnixFileMode)0b111_101_101);
                await File.WriteAllTextAsync(node.ConfigPath, InitialConfig, cancellationToken);
            }

            nodes.Add(node);
        }

        var fleet = new LocalFleet(nodes, releases);
        await Task.WhenAll(nodes.Select(async n =>
        {
            if (!(await n.Runtime.GetStatusAsync(cancellationToken)).IsRunning)
            {
                await n.Runtime.StartAsync(cancellationToken);
            }
        }));
        await fleet.WaitUntilAnsweringAsync(cancellationToken);
        return fleet;
    }

    public async Task<IReadOnlyDictionary<string, string?>> GetVersionsAsync(CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(Nodes.Select(async n => (n.Id, Report: await n.ProbeAsync(_http, cancellationToken))));
        return reports.ToDictionary(r => r.Id, r => r.Report?.Version, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
    {
        var versions = await GetVersionsAsync(cancellationToken);
        return
        [
            .. Nodes.Select(n =>
            {
                var version = versions[n.Id] ?? "unknown";
                var release = _releases.TryGetValue(version, out var r) ? r : default;
                return new InventoryNode { NodeId = n.Id, CurrentVersion = version, CurrentBinaryUrl = release.Url, CurrentChecksum = release.Checksum };
            }),
        ];
    }

    public async Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var node = _nodes[nodeId];
        var report = await node.ProbeAsync(_http, cancellationToken);
        var status = await node.Runtime.GetStatusAsync(cancellationToken);
        return new NodeHealthSnapshot
        {
            LastHeartbeatAt = report is null ? null : TimeProvider.System.GetUtcNow(),
            ApplicationHealth = report is null ? ApplicationHealth.Unknown : ApplicationHealth.Ok,
            SyncStatus = report is null ? SyncStatus.Unknown : SyncStatus.Synced,
            NodeState = status.IsRunning ? NodeState.Running : NodeState.Down,
            RestartCount = status.RestartCount,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.Runtime.StopAsync(CancellationToken.None)));
        foreach (var node in Nodes)
        {
            node.Runtime.Dispose();
        }

        _http.Dispose();
    }

    private static FleetNode CreateNode(string id, string root, int port, bool crashOnV2, ILoggerFactory loggerFactory)
    {
        var options = new ProcessRuntimeOptions
        {
            ServiceName = id,
            ExecutablePath = Path.Combine(root, "bin", "node"),
            WorkingDirectory = root,
            StateDirectory = Path.Combine(root, "run"),
            AllowInsecureHttp = true,
            StartSettleTime = TimeSpan.FromSeconds(1.5),
            StopTimeout = TimeSpan.FromSeconds(5),
        };
        options.Arguments.Add("--config");
        options.Arguments.Add(Path.Join(root, FleetNode.ConfigPathInNode));
        options.Arguments.Add("--port");
        options.Arguments.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        options.AllowedConfigRoots.Add(Path.Join(root, "etc"));
        if (crashOnV2)
        {
            options.EnvironmentVariables[Node.SampleNode.CrashOnVersionVariable] = NodeBinaries.V2;
        }

        var runtime = new ProcessRuntimeAdapter(options, TimeProvider.System, loggerFactory);
        var agentState = Path.Combine(root, "agent");
        var completed = new FileCompletedUpgradeStore(Path.Combine(agentState, "completed"));
        var executor = new UpgradeExecutor(completed, new FileCheckpointStore(Path.Combine(agentState, "checkpoints")), loggerFactory: loggerFactory);
        var agent = new UpgradeAgent(executor, runtime, completed, new UpgradeAgentOptions
        {
            RuntimeType = ProcessRuntimeAdapter.RuntimeType,
            InstallTarget = options.ExecutablePath,
            DataDirectory = Path.Combine(root, "data"),
            RootDirectory = root,
            AllowInsecureHttp = true,
        }, loggerFactory);
        return new FleetNode { Id = id, Root = root, Port = port, Runtime = runtime, Agent = agent };
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        foreach (var node in Nodes)
        {
            while (await node.ProbeAsync(_http, timeout.Token) is null)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }
}
