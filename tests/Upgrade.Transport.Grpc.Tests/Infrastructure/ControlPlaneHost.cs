using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Upgrade.Orchestration;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>
/// A minimal control-plane host on loopback HTTPS: the agent hub, and optionally the orchestration (SQLite store,
/// rollout worker) behind a small REST API (POST /rollouts, GET /rollouts/{id}, GET /rollouts/{id}/nodes).
/// </summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public GrpcAgentTransport Transport => _app.Services.GetRequiredService<GrpcAgentTransport>();

    public IServiceProvider Services => _app.Services;

    public static async Task<ControlPlaneHost> StartAsync(
        TestCertificates certificates,
        IReadOnlyDictionary<string, string> nodeTokens,
        int port = 0,
        Action<AgentHubOptions>? configureHub = null,
        Action<IServiceCollection>? configureOrchestration = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(certificates.Server);
        }));
        builder.Services.AddUpgradeAgentHub(o =>
        {
            foreach (var (nodeId, token) in nodeTokens)
            {
                o.NodeTokenHashes[nodeId] = AgentCredentials.HashToken(token);
            }

            configureHub?.Invoke(o);
        });
        configureOrchestration?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapUpgradeAgentHub();
        if (configureOrchestration is not null)
        {
            MapRest(app);
        }

        await app.StartAsync();
        var bound = new Uri(app.Urls.First()).Port;
        return new ControlPlaneHost(app, bound);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static void MapRest(WebApplication app)
    {
        app.MapPost("/rollouts", async (RolloutRequest request, RolloutService service, CancellationToken cancellationToken) =>
        {
            var rollout = await service.CreateAsync(request, cancellationToken);
            await service.StartAsync(rollout.Id, cancellationToken);
            return Results.Created($"/rollouts/{rollout.Id}", new RolloutView(rollout.Id, rollout.Status.ToString()));
        });
        app.MapGet("/rollouts/{id:guid}", async (Guid id, RolloutService service, CancellationToken cancellationToken) =>
            await service.GetAsync(id, cancellationToken) is { } rollout ? Results.Ok(new RolloutView(rollout.Id, rollout.Status.ToString())) : Results.NotFound());
        app.MapGet("/rollouts/{id:guid}/nodes", async (Guid id, RolloutService service, CancellationToken cancellationToken) =>
            Results.Ok((await service.GetNodesAsync(id, cancellationToken)).Select(n => new NodeView(n.NodeId, n.Status.ToString(), n.AttemptCount, n.ErrorMessage))));
    }
}

internal sealed record RolloutView(Guid Id, string Status);

internal sealed record NodeView(string NodeId, string Status, int Attempts, string? Error);
