using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Orchestration;
using Upgrade.Samples.ProcessRuntime;
using Upgrade.Testing;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>
/// Local nodes (a directory each, with a v1 "binary" that is a small script) and one agent process per node
/// (samples/Agent with the process runtime, durable file stores and the gRPC client). The fleet is also the control
/// plane's inventory and health source, and writes the upgrade manifest the rollouts use.
/// </summary>
internal sealed class ProcessFleet : INodeInventory, IHealthSource, IAsyncDisposable
{
    public const string ChainProfileId = "grpc-local";
    public const string NodeType = "full";
    public const string UpgradeId = "node-v2";
    public const string ConfigPathInNode = "/etc/node/node.toml";
    private const string TemplateName = "node.toml.tmpl";

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentProcess> _agents = new(StringComparer.Ordinal);
    private readonly LoopbackArtifactServer _server = new();
    private readonly string _directory;
    private readonly TestCertificates _certificates;

    public ProcessFleet(string directory, int count)
    {
        _directory = directory;
        _certificates = TestCertificates.Create(Path.Combine(directory, "tls"));
        NodeIds = [.. Enumerable.Range(1, count).Select(i => $"node-{i}")];
        foreach (var nodeId in NodeIds)
        {
            _tokens[nodeId] = AgentCredentials.CreateToken();
            var root = RootOf(nodeId);
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            Directory.CreateDirectory(Path.Combine(root, "etc", "node"));
            File.WriteAllBytes(BinaryOf(nodeId), Binary("v1"));
            File.SetUnixFileMode(BinaryOf(nodeId), (UnixFileMode)0b111_101_101);
            File.WriteAllText(Path.Join(root, ConfigPathInNode), "max_peers = 50\n");
        }

        V1Url = _server.Serve(Binary("v1"), name: "node-v1").ToString();
        V2Url = _server.Serve(Binary("v2"), name: "node-v2").ToString();
    }

    public IReadOnlyList<string> NodeIds { get; }

    public string V1Url { get; }

    public string V2Url { get; }

    public TestCertificates Certificates => _certificates;

    public IReadOnlyDictionary<string, string> Tokens => _tokens;

    public string ConfigDirectory => Path.Combine(_directory, "config");

    public string DatabasePath => Path.Combine(_directory, "rollouts.db");

    public static byte[] Binary(string version) => Encoding.UTF8.GetBytes($"#!/bin/sh\n# node {version}\nexec sleep 3600\n");

    public string RootOf(string nodeId) => Path.Combine(_directory, "nodes", nodeId);

    public string BinaryOf(string nodeId) => Path.Combine(RootOf(nodeId), "bin", "node");

    public string AuditLogOf(string nodeId) => Path.Combine(RootOf(nodeId), "audit.jsonl");

    public string AgentOutput(string nodeId) => _agents.TryGetValue(nodeId, out var agent) ? agent.Output : string.Empty;

    public string VersionOf(string nodeId)
    {
        var content = File.ReadAllText(BinaryOf(nodeId));
        return content.Contains("# node v2", StringComparison.Ordinal) ? "v2" : content.Contains("# node v1", StringComparison.Ordinal) ? "v1" : "other";
    }

    /// <summary>The mutating runtime calls the node's agents began, in order; a call killed before it completed is marked so.</summary>
    public IReadOnlyList<AuditedCall> MutatingCallsOf(string nodeId)
    {
        var path = AuditLogOf(nodeId);
        if (!File.Exists(path))
        {
            return [];
        }

        // Each call writes a begin line and, once it has completed, an end line; calls of one agent never overlap.
        var calls = new List<AuditedCall>();
        foreach (var line in File.ReadAllLines(path).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var call = new AuditedCall(root.GetProperty("call").GetString()!, root.GetProperty("target").GetString(), root.GetProperty("pid").GetInt32(), Completed: false);
            if (root.GetProperty("stage").GetString() == "begin")
            {
                calls.Add(call);
            }
            else
            {
                calls[^1].ShouldBe(call, "an end line follows the begin line of the same call");
                calls[^1] = call with { Completed = true };
            }
        }

        return calls;
    }

    /// <summary>Registers the orchestration with this fleet as inventory and health source.</summary>
    public void AddOrchestration(IServiceCollection services)
    {
        services.AddSingleton<INodeInventory>(this);
        services.AddSingleton<IHealthSource>(this);
        services.AddSingleton<IChainCatalog>(new Catalog());
        services.AddSingleton<IConfigTemplateSource>(new Templates());
        services.AddSingleton<IConfigVariableSource>(new Variables());
        services.AddUpgradeOrchestration(o =>
            {
                o.ConfigDirectory = ConfigDirectory;
                o.HealthPollInterval = TimeSpan.FromMilliseconds(200);
                o.WorkerPollInterval = TimeSpan.FromMilliseconds(200);
                o.UpgradeRetryDelay = TimeSpan.FromMilliseconds(500);
                o.UpgradeTimeout = TimeSpan.FromSeconds(60);
            })
            .UseSqliteStore(DatabasePath)
            .AddRolloutWorker();
    }

    public Task<ControlPlaneHost> StartControlPlaneAsync(int port = 0) =>
        ControlPlaneHost.StartAsync(_certificates, _tokens, port, o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(20);
            o.ReconnectTimeout = TimeSpan.FromSeconds(30);
        }, AddOrchestration);

    /// <summary>Starts every node on v1 through the process runtime, as its agent would, then lets go of it.</summary>
    public async Task StartNodesAsync()
    {
        foreach (var nodeId in NodeIds)
        {
            var root = RootOf(nodeId);
            var options = new ProcessRuntimeOptions
            {
                ServiceName = nodeId,
                ExecutablePath = BinaryOf(nodeId),
                StateDirectory = Path.Combine(root, "run"),
                WorkingDirectory = root,
                StartSettleTime = TimeSpan.FromMilliseconds(200),
            };
            using var runtime = new ProcessRuntimeAdapter(options, TimeProvider.System, NullLoggerFactory.Instance);
            await runtime.StartAsync(CancellationToken.None);
        }
    }

    public async Task WriteManifestAsync()
    {
        var directory = Path.Combine(ConfigDirectory, "upgrades", ChainProfileId);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, UpgradeId + ".yaml"), $"""
            upgrade_id: {UpgradeId}
            chain_profile_id: {ChainProfileId}
            node_type: {NodeType}
            binary_name: node
            target_version: v2
            target_url: {V2Url}
            target_checksum: {Sha256Checksum.Compute(Binary("v2"))}
            state_compatibility:
              migration_type: none
              notes: "State format unchanged"
            config_changes:
              - path: {ConfigPathInNode}
                template: {TemplateName}
                overrides:
                  max_peers: "100"

            """);
    }

    /// <summary>Starts (or starts again) the agent process of a node, connecting to the control plane at a port.</summary>
    public void StartAgent(string nodeId, int controlPlanePort)
    {
        if (_agents.Remove(nodeId, out var previous))
        {
            previous.Dispose();
        }

        var root = RootOf(nodeId);
        var arguments = new[]
        {
            "--runtime:type", "process",
            "--runtime:auditLog", AuditLogOf(nodeId),
            "--runtime:process:ServiceName", nodeId,
            "--runtime:process:ExecutablePath", BinaryOf(nodeId),
            "--runtime:process:StateDirectory", Path.Combine(root, "run"),
            "--runtime:process:WorkingDirectory", root,
            "--runtime:process:AllowInsecureHttp", "true",
            "--runtime:process:AllowedConfigRoots:0", Path.Combine(root, "etc"),
            "--runtime:process:StartSettleTime", "00:00:00.500",
            "--runtime:process:StopTimeout", "00:00:05",
            "--agent:stateDirectory", Path.Combine(root, "agent"),
            "--agent:InstallTarget", BinaryOf(nodeId),
            "--agent:DataDirectory", Path.Combine(root, "data"),
            "--agent:RootDirectory", root,
            "--agent:AllowInsecureHttp", "true",
            "--controlPlane:ControlPlaneAddress", $"https://127.0.0.1:{controlPlanePort}",
            "--controlPlane:NodeId", nodeId,
            "--controlPlane:TrustedCertificatePath", _certificates.CaPemPath,
            "--controlPlane:ReconnectDelay", "00:00:00.200",
            "--controlPlane:MaxReconnectDelay", "00:00:01",
            "--Logging:LogLevel:Default", "Information",
            "--Logging:LogLevel:Microsoft", "Warning",
            "--Logging:LogLevel:System.Net.Http", "Warning",
            "--Logging:LogLevel:Grpc", "Warning",
        };

        // The token goes through the environment, never the command line (visible in /proc to every user).
        var agent = new AgentProcess(arguments, new Dictionary<string, string> { ["controlPlane__token"] = _tokens[nodeId], ["DOTNET_ENVIRONMENT"] = "Production" });
        agent.Start();
        _agents[nodeId] = agent;
    }

    public void KillAgent(string nodeId) => _agents[nodeId].Kill();

    public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
    {
        var v1Checksum = Sha256Checksum.Compute(Binary("v1"));
        return Task.FromResult<IReadOnlyList<InventoryNode>>(
            [.. NodeIds.Select(id => new InventoryNode { NodeId = id, CurrentVersion = VersionOf(id), CurrentBinaryUrl = V1Url, CurrentChecksum = v1Checksum })]);
    }

    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new NodeHealthSnapshot
        {
            LastHeartbeatAt = TimeProvider.System.GetUtcNow(),
            ApplicationHealth = ApplicationHealth.Ok,
            SyncStatus = SyncStatus.Synced,
            NodeState = NodeState.Running,
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.Values)
        {
            agent.Dispose();
        }

        // The nodes were started by the agents (now gone); end each by the pid its pid file records.
        foreach (var nodeId in NodeIds)
        {
            StopNode(nodeId);
        }

        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    private void StopNode(string nodeId)
    {
        var pidFile = Path.Combine(RootOf(nodeId), "run", nodeId + ".pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            if (File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal))
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            // Already gone.
        }
    }

    private sealed class Catalog : IChainCatalog
    {
        public Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(chainProfileId == ChainProfileId ? "process" : null);
    }

    private sealed class Templates : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(templateName == TemplateName ? "max_peers = {{ max_peers }}\n" : null);
    }

    private sealed class Variables : IConfigVariableSource
    {
        public Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["max_peers"] = "50" });
    }
}
