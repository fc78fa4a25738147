using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>A hand-driven agent stream, to send exactly the messages a test needs (including forged ones).</summary>
internal sealed class RawAgent : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, ControlMessage> _call;

    private RawAgent(GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, ControlMessage> call)
    {
        _channel = channel;
        _call = call;
    }

    public static RawAgent Open(Uri address, TestCertificates certificates, string nodeId, string token)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(certificates.Ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        var headers = new Metadata
        {
            { AgentCredentials.NodeIdHeader, nodeId },
            { AgentCredentials.AuthorizationHeader, "Bearer " + token },
        };
        var call = new AgentHub.AgentHubClient(channel).Connect(headers);
        return new RawAgent(channel, call);
    }

    public Task SendAsync(AgentMessage message) => _call.RequestStream.WriteAsync(message);

    public Task HelloAsync(string nodeId, params string[] inProgress)
    {
        var hello = new Hello { NodeId = nodeId };
        hello.InProgress.AddRange(inProgress);
        return SendAsync(new AgentMessage { Hello = hello });
    }

    public Task<Metadata> AcceptedAsync() => _call.ResponseHeadersAsync;

    /// <summary>Reads the next control message, or throws the stream's error.</summary>
    public async Task<ControlMessage> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        if (!await _call.ResponseStream.MoveNext(timeout.Token))
        {
            throw new InvalidOperationException("The stream ended.");
        }

        return _call.ResponseStream.Current;
    }

    public static UpgradeEnded Ended(string nodeId, string upgradeId, params string[] completedActions) => new()
    {
        NodeId = nodeId,
        UpgradeId = upgradeId,
        OutcomeJson = WireMapping.SerializeOutcome(new UpgradeSucceeded
        {
            UpgradeId = upgradeId,
            CompletedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CompletedActions = completedActions,
        }),
    };

    public void Dispose()
    {
        _call.Dispose();
        _channel.Dispose();
    }
}
