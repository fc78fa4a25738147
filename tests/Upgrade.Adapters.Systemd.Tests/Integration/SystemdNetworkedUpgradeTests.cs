using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Upgrade.Executor;
using Upgrade.Transport.Grpc;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>
/// One networked upgrade of a real systemd unit: a control-plane agent hub on loopback TLS, and an agent (executor,
/// systemd adapter, gRPC client) that dials out to it with its node token.
/// </summary>
[Collection(SystemdCollection.Name)]
public sealed class SystemdNetworkedUpgradeTests
{
    private readonly SystemdFixture _fixture;

    public SystemdNetworkedUpgradeTests(SystemdFixture fixture) => _fixture = fixture;

    [SystemdFact]
    public async Task SendUpgradeAsync_AgentOverGrpc_UpgradesTheUnitToV2()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "grpc");
        var before = await node.ReadObservedAsync();
        var state = Path.Combine(node.Directory, "agent");
        using var certificates = Certificates.Create(state);
        var token = AgentCredentials.CreateToken();
        await using var hub = await StartHubAsync(certificates.Server, node.UnitName, token);
        var transport = hub.Services.GetRequiredService<GrpcAgentTransport>();
        using var agentHost = await StartAgentAsync(node, new Uri(hub.Urls.First()), token, certificates.CaPemPath, state);
        var payload = new UpgradePayload
        {
            UpgradeId = "grpc-" + Guid.NewGuid().ToString("N")[..12],
            BinaryName = "app",
            SourceVersion = "v1",
            TargetVersion = "v2",
            ArtifactUrl = _fixture.Server.Serve(ServiceNode.V2Binary).ToString(),
            ArtifactChecksum = Sha256Checksum.Compute(ServiceNode.V2Binary),
            ConfigFiles = [ConfigFile.Create(node.ConfigPath, ServiceNode.V2Config), ConfigFile.Create(node.ExtraConfigPath, ServiceNode.V2ExtraConfig)],
        };
        var phases = new List<UpgradePhase>();

        var outcome = await transport.SendUpgradeAsync(node.UnitName, payload, new PhaseRecorder(phases), CancellationToken.None);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        var observed = await node.WaitForObservedAsync("v2");
        observed.Pid.ShouldNotBe(before.Pid);
        observed.Config.ShouldBe("greeting=hello-from-v2-config");
        (await File.ReadAllBytesAsync(node.BinaryPath)).ShouldBe(ServiceNode.V2Binary);
        (await node.ShowAsync("ActiveState")).ShouldBe("active");
        lock (phases)
        {
            phases.ShouldBe([UpgradePhase.Preparing, UpgradePhase.Stopped, UpgradePhase.Mutating, UpgradePhase.Starting]);
        }

        await agentHost.StopAsync();
    }

    private static async Task<WebApplication> StartHubAsync(X509Certificate2 serverCertificate, string nodeId, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            l.UseHttps(serverCertificate);
        }));
        builder.Services.AddUpgradeAgentHub(o => o.NodeTokenHashes[nodeId] = AgentCredentials.HashToken(token));
        var app = builder.Build();
        app.MapUpgradeAgentHub();
        await app.StartAsync();
        return app;
    }

    private static async Task<IHost> StartAgentAsync(ServiceNode node, Uri address, string token, string caPemPath, string stateDirectory)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(b => b.ClearProviders());
        var adapter = node.CreateAdapter();
        builder.Services.AddUpgradeExecutor()
            .UseFileStores(Path.Combine(stateDirectory, "executor"))
            .AddRuntime(RuntimeTypes.Systemd, _ => adapter)
            .AddAgent(o =>
            {
                o.RuntimeType = RuntimeTypes.Systemd;
                o.InstallTarget = node.BinaryPath;
                o.DataDirectory = node.DataDirectory;
                o.AllowInsecureHttp = true;
            });
        builder.Services.AddUpgradeAgentClient(o =>
        {
            o.ControlPlaneAddress = address;
            o.NodeId = node.UnitName;
            o.Token = token;
            o.TrustedCertificatePath = caPemPath;
            o.StateDirectory = Path.Combine(stateDirectory, "transport");
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class PhaseRecorder(List<UpgradePhase> phases) : IUpgradeProgressObserver
    {
        public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken)
        {
            lock (phases)
            {
                phases.Add(change.Phase);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>A throw-away CA and a server certificate for 127.0.0.1, made with CertificateRequest.</summary>
    private sealed class Certificates(X509Certificate2 ca, X509Certificate2 server, string caPemPath) : IDisposable
    {
        public X509Certificate2 Server { get; } = server;

        public string CaPemPath { get; } = caPemPath;

        public static Certificates Create(string directory)
        {
            Directory.CreateDirectory(directory);
            var notBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=systemd test CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddYears(10));

            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            serverRequest.CertificateExtensions.Add(san.Build());
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var signed = serverRequest.Create(ca, notBefore, notBefore.AddYears(5), RandomNumberGenerator.GetBytes(16));
            using var withKey = signed.CopyWithPrivateKey(serverKey);
            var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            var caPemPath = Path.Combine(directory, "ca.pem");
            File.WriteAllText(caPemPath, ca.ExportCertificatePem());
            return new Certificates(ca, server, caPemPath);
        }

        public void Dispose()
        {
            ca.Dispose();
            Server.Dispose();
        }
    }
}
