using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <summary>The gRPC endpoint agents connect to: authenticates the stream, then hands it to the transport.</summary>
internal sealed class AgentHubService(GrpcAgentTransport transport, IOptions<AgentHubOptions> options, IHostApplicationLifetime lifetime, ILogger<AgentHubService> logger) : AgentHub.AgentHubBase
{
    private const string BearerPrefix = "Bearer ";

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControlMessage> responseStream, ServerCallContext context)
    {
        var nodeId = context.RequestHeaders.GetValue(AgentCredentials.NodeIdHeader) ?? string.Empty;
        if (!context.GetHttpContext().Request.IsHttps)
        {
            throw Refuse(nodeId, "the stream does not use TLS");
        }

        var authorization = context.RequestHeaders.GetValue(AgentCredentials.AuthorizationHeader);
        var token = authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.Ordinal) ? authorization[BearerPrefix.Length..] : null;
        var expected = options.Value.NodeTokenHashes.TryGetValue(nodeId, out var hash) ? hash : null;
        if (!AgentCredentials.Verify(token, expected))
        {
            throw Refuse(nodeId, "the node credential is missing or not valid");
        }

        // The headers tell the agent it was accepted before any command flows.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        // Streams never end on their own: a stopping host ends them, or its graceful shutdown would wait for its timeout.
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await transport.RunConnectionAsync(nodeId, requestStream, responseStream, stream.Token).ConfigureAwait(false);
    }

    private RpcException Refuse(string nodeId, string reason)
    {
        logger.AgentRefused(nodeId, reason);
        return new RpcException(new Status(StatusCode.Unauthenticated, $"The agent stream was refused: {reason}."));
    }
}
