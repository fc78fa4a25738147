using Microsoft.Extensions.DependencyInjection.Extensions;
using QuickStart.Rollout;
using Upgrade.Orchestration;
using Upgrade.Transport.Grpc;

namespace Upgrade.Samples.ControlPlane.Agents;

/// <summary>
/// Networked node agents (configuration section <c>ControlPlane:NetworkedAgents</c>): instead of the embedded demo
/// fleet, agents (samples/Agent) dial in to the gRPC agent hub with their own token. Off by default.
/// </summary>
/// <remarks>
/// The hub requires TLS: give Kestrel an HTTPS endpoint for it, for example
/// <c>Kestrel:Endpoints:Agents:Url=https://0.0.0.0:7443</c> with <c>Certificate:Path</c> and <c>Certificate:KeyPath</c>.
/// </remarks>
internal sealed class NetworkedAgentsOptions
{
    public const string SectionName = "ControlPlane:NetworkedAgents";

    /// <summary>Gets or sets a value indicating whether rollouts go to networked agents.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the directory of the upgrade manifests (<c>upgrades/{chain}/{upgrade_id}.yaml</c>).</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>Gets or sets how long an upgrade whose stream was lost waits for its agent to reconnect.</summary>
    public TimeSpan ReconnectTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the nodes, their credentials and what they run.</summary>
    public List<NetworkedNode> Nodes { get; set; } = [];
}

/// <summary>
/// One networked node: its id, the SHA-256 of its token, its chain, and the release it runs before its agent reports
/// one (the reported release wins).
/// </summary>
internal sealed class NetworkedNode
{
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets <c>sha256:&lt;hex&gt;</c> of the node's token (<c>AgentCredentials.HashToken</c>).</summary>
    public string TokenSha256 { get; set; } = string.Empty;

    public string ChainProfileId { get; set; } = string.Empty;

    public string NodeType { get; set; } = string.Empty;

    public string CurrentVersion { get; set; } = string.Empty;

    public string? CurrentBinaryUrl { get; set; }

    public string? CurrentChecksum { get; set; }
}

/// <summary>
/// The inventory and health source of the configured networked nodes: a node is healthy while its agent is connected.
/// A node runs the release its agent last reported (after a rollout, the version it moved to); the configured release
/// is the initial state, used until the agent reports one.
/// </summary>
internal sealed class NetworkedFleet(NetworkedAgentsOptions options, GrpcAgentTransport transport, TimeProvider time) : INodeInventory, IHealthSource
{
    public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InventoryNode>>(
        [
            .. options.Nodes
                .Where(n => n.ChainProfileId == chainProfileId && n.NodeType == nodeType)
                .Select(ToInventory),
        ]);

    private InventoryNode ToInventory(NetworkedNode node) => transport.TryGetReportedRelease(node.Id, out var release)
        ? new InventoryNode { NodeId = node.Id, CurrentVersion = release.Version, CurrentBinaryUrl = release.ArtifactUrl, CurrentChecksum = release.ArtifactChecksum }
        : new InventoryNode { NodeId = node.Id, CurrentVersion = node.CurrentVersion, CurrentBinaryUrl = node.CurrentBinaryUrl, CurrentChecksum = node.CurrentChecksum };

    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var connected = transport.ConnectedNodes.Contains(nodeId);
        return Task.FromResult(new NodeHealthSnapshot
        {
            LastHeartbeatAt = connected ? time.GetUtcNow() : null,
            ApplicationHealth = connected ? ApplicationHealth.Ok : ApplicationHealth.Unknown,
            SyncStatus = connected ? SyncStatus.Synced : SyncStatus.Unknown,
            NodeState = connected ? NodeState.Running : NodeState.Unknown,
        });
    }
}

/// <summary>Registers the networked-agents mode.</summary>
internal static class NetworkedAgents
{
    public static NetworkedAgentsOptions Read(IConfiguration configuration) =>
        configuration.GetSection(NetworkedAgentsOptions.SectionName).Get<NetworkedAgentsOptions>() ?? new NetworkedAgentsOptions();

    /// <summary>The agent hub as the transport, and the configured nodes as inventory and health source.</summary>
    public static void Add(IServiceCollection services, NetworkedAgentsOptions options)
    {
        services.AddUpgradeAgentHub(o =>
        {
            o.ReconnectTimeout = options.ReconnectTimeout;
            foreach (var node in options.Nodes)
            {
                o.NodeTokenHashes[node.Id] = node.TokenSha256;
            }
        });
        services.AddSingleton(sp => new NetworkedFleet(options, sp.GetRequiredService<GrpcAgentTransport>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INodeInventory>(sp => sp.GetRequiredService<NetworkedFleet>());
        services.AddSingleton<IHealthSource>(sp => sp.GetRequiredService<NetworkedFleet>());

        // The sample's config templates and variables (the demo fleet's); a real host registers its own before this.
        services.TryAddSingleton<IConfigTemplateSource>(new UpgradeManifestFile.Templates());
        services.TryAddSingleton<IConfigVariableSource>(new UpgradeManifestFile.Variables());
    }
}
