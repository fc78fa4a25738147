using Microsoft.Extensions.Options;
using QuickStart.Fleet;
using QuickStart.Rollout;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Options;
using Upgrade.Samples.ControlPlane.Telemetry;

namespace Upgrade.Samples.ControlPlane.Demo;

/// <summary>
/// The quick start's local fleet behind the control plane: nodes on v1 with in-process agents (process runtime), a
/// local artifact server with v1 and v2, and the manifest <c>node-v2</c>, so that <c>POST /api/v1/rollouts</c> with
/// <c>upgrade_id: node-v2</c> upgrades real local processes. It is the host's inventory, health source and transport.
/// </summary>
internal sealed class DemoFleet : IHostedService, INodeInventory, IHealthSource, IAgentTransport, IAsyncDisposable
{
    public const string UpgradeId = QuickStartRun.UpgradeId;
    public const string ChainProfileId = LocalFleet.ChainProfileId;
    public const string NodeType = LocalFleet.NodeType;
    public const string SourceVersion = NodeBinaries.V1;

    private readonly ControlPlaneOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<DemoFleet> _logger;
    private readonly TaskCompletionSource<LocalFleet> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ArtifactServer? _server;
    private LocalFleet? _fleet;
    private InProcessAgentTransport? _transport;

    public DemoFleet(IOptions<ControlPlaneOptions> options, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DemoFleet>();
    }

    public static string ConfigDirectory(ControlPlaneOptions options) => Path.Combine(Path.GetFullPath(options.StateDirectory), "demo", "config");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = new ArtifactServer();
        var releases = new Dictionary<string, (string Url, string Checksum)>(StringComparer.Ordinal);
        foreach (var version in new[] { NodeBinaries.V1, NodeBinaries.V2 })
        {
            var binary = NodeBinaries.Build(version);
            releases[version] = (_server.Publish("node-" + version, binary), Sha256Checksum.Compute(binary));
        }

        var root = Path.Combine(Path.GetFullPath(_options.StateDirectory), "demo");
        _fleet = await LocalFleet.StartAsync(root, _options.DemoFleet.Nodes, null, releases, _loggerFactory, cancellationToken);
        _transport = new InProcessAgentTransport(_fleet.Agents);
        var (v2Url, v2Checksum) = releases[NodeBinaries.V2];
        await UpgradeManifestFile.WriteAsync(ConfigDirectory(_options), UpgradeId, v2Url, v2Checksum, cancellationToken);
        _started.TrySetResult(_fleet);
        _logger.DemoFleetStarted(_options.DemoFleet.Nodes, ChainProfileId, UpgradeId);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Reads the version each node reports on its health endpoint.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetVersionsAsync(CancellationToken cancellationToken) =>
        await (await _started.Task.WaitAsync(cancellationToken)).GetVersionsAsync(cancellationToken);

    public async Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
    {
        if (!string.Equals(chainProfileId, ChainProfileId, StringComparison.Ordinal))
        {
            return [];
        }

        var fleet = await _started.Task.WaitAsync(cancellationToken);
        return await fleet.GetEligibleNodesAsync(chainProfileId, nodeType, cancellationToken);
    }

    public async Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken) =>
        await (await _started.Task.WaitAsync(cancellationToken)).GetHealthAsync(nodeId, since, cancellationToken);

    public async Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        return await _transport!.SendUpgradeAsync(nodeId, payload, observer, cancellationToken);
    }

    public async Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        return await _transport!.GetOutcomeAsync(nodeId, upgradeId, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var fleet = Interlocked.Exchange(ref _fleet, null);
        if (fleet is not null)
        {
            await fleet.DisposeAsync();
        }

        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
