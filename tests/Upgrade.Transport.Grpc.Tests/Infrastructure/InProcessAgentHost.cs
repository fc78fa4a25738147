using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Upgrade.Executor;
using Upgrade.Testing;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>An agent host in the test process: the gRPC client in front of an agent over an in-memory node.</summary>
internal sealed class InProcessAgentHost : IAsyncDisposable
{
    public const string InstallTarget = "/opt/node/bin/node";
    public const string V2Url = "https://releases.example/node-v2";
    public static readonly byte[] V1 = Encoding.UTF8.GetBytes("node v1");
    public static readonly byte[] V2 = Encoding.UTF8.GetBytes("node v2");

    private readonly IHost _host;

    private InProcessAgentHost(IHost host, IUpgradeAgent agent)
    {
        _host = host;
        Agent = agent;
    }

    public IUpgradeAgent Agent { get; }

    /// <summary>Creates an in-memory node on v1 with v2 published, and its agent with in-memory stores.</summary>
    public static (InMemoryRuntimeAdapter Runtime, IUpgradeAgent Agent) CreateNode(string nodeId)
    {
        var runtime = new InMemoryRuntimeAdapter(nodeId);
        runtime.SetState(InstallTarget, V1);
        runtime.PublishArtifact(V2Url, V2);
        var completed = new InMemoryCompletedUpgradeStore();
        var agent = new UpgradeAgent(
            new UpgradeExecutor(completed, new InMemoryCheckpointStore()),
            runtime,
            completed,
            new UpgradeAgentOptions { RuntimeType = "memory", InstallTarget = InstallTarget, DataDirectory = "/var/lib/node" });
        return (runtime, agent);
    }

    public static UpgradePayload Payload(string upgradeId) => new()
    {
        UpgradeId = upgradeId,
        BinaryName = "node",
        SourceVersion = "v1",
        TargetVersion = "v2",
        ArtifactUrl = V2Url,
        ArtifactChecksum = Sha256Checksum.Compute(V2),
    };

    public static async Task<InProcessAgentHost> StartAsync(IUpgradeAgent agent, Uri address, string nodeId, string token, string caPemPath, string stateDirectory)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(b => b.ClearProviders());
        builder.Services.AddSingleton(agent);
        builder.Services.AddUpgradeAgentClient(o =>
        {
            o.ControlPlaneAddress = address;
            o.NodeId = nodeId;
            o.Token = token;
            o.TrustedCertificatePath = caPemPath;
            o.StateDirectory = stateDirectory;
            o.ReconnectDelay = TimeSpan.FromMilliseconds(100);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(500);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessAgentHost(host, agent);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
