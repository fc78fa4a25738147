using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuickStart.Fleet;
using QuickStart.View;
using Upgrade;
using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>
/// The whole quick start: serve v1 and v2, start the fleet on v1, write the upgrade manifest, then create and drive a
/// rollout through Upgrade.Orchestration with its SQLite store, while the view shows it live.
/// </summary>
internal static class QuickStartRun
{
    public const string UpgradeId = "node-v2";

    public static async Task<int> RunAsync(QuickStartOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(options.StateDirectory);
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddFilter(_ => false));
        var view = QuickStartView.Create(options);

        await using var server = new ArtifactServer();
        var releases = new Dictionary<string, (string Url, string Checksum)>(StringComparer.Ordinal);
        foreach (var version in new[] { NodeBinaries.V1, NodeBinaries.V2 })
        {
            var binary = NodeBinaries.Build(version);
            releases[version] = (server.Publish("node-" + version, binary), Sha256Checksum.Compute(binary));
        }

        var (v2Url, v2Checksum) = releases[NodeBinaries.V2];

        view.Say($"Starting {options.Nodes} local nodes under {options.StateDirectory}");
        await using var fleet = await LocalFleet.StartAsync(options.StateDirectory, options.Nodes, options.FailNode, releases, loggerFactory, cancellationToken);

        var configDirectory = Path.Combine(options.StateDirectory, "config");
        await UpgradeManifestFile.WriteAsync(configDirectory, UpgradeId, v2Url, v2Checksum, cancellationToken);

        var events = new EventRecorder();
        await using var provider = BuildControlPlane(options, configDirectory, fleet, events, loggerFactory);
        var service = provider.GetRequiredService<RolloutService>();
        var engine = provider.GetRequiredService<RolloutEngine>();

        var before = await fleet.GetVersionsAsync(cancellationToken);
        if (before.Values.All(v => v == NodeBinaries.V2))
        {
            var summary = Summary.ForAlreadyUpgraded(options, before, stopwatch.Elapsed);
            view.ShowSummary(summary);
            return 0;
        }

        var rollout = await service.CreateAsync(
            new RolloutRequest
            {
                UpgradeId = UpgradeId,
                ChainProfileId = LocalFleet.ChainProfileId,
                NodeType = LocalFleet.NodeType,
                SourceVersion = NodeBinaries.V1,
                Strategy = options.Strategy,
                BatchSize = options.Strategy == RolloutStrategy.AllAtOnce ? options.Nodes : options.BatchSize,
                CanarySize = 1,
                FailureThreshold = 0.1,
                HealthWaitDuration = TimeSpan.FromSeconds(2),
                CreatedBy = "quickstart",
            },
            cancellationToken);
        await service.StartAsync(rollout.Id, cancellationToken);

        Upgrade.Orchestration.Rollout final;
        using (var live = view.StartLive(service, fleet, rollout.Id))
        {
            final = await engine.RunAsync(rollout.Id, cancellationToken);
            for (var round = 0; final.Status == RolloutStatus.Paused && round < 3; round++)
            {
                if (options.RollbackOnFailure)
                {
                    view.Say($"Rollout paused ({final.PauseReason}): rolling back every upgraded node");
                    await service.RollbackAsync(rollout.Id, cancellationToken);
                }
                else
                {
                    view.Say($"Rollout paused ({final.PauseReason}): resuming past the failure threshold");
                    await service.ForceAsync(rollout.Id, cancellationToken);
                    await service.ResumeAsync(rollout.Id, cancellationToken);
                }

                final = await engine.RunAsync(rollout.Id, cancellationToken);
            }

            await live.StopAsync();
        }

        var nodes = await service.GetNodesAsync(rollout.Id, cancellationToken);
        var versions = await fleet.GetVersionsAsync(cancellationToken);
        var result = Summary.From(options, final, nodes, versions, events.PhaseTimes(), stopwatch.Elapsed);
        view.ShowSummary(result);
        return result.ExitCode;
    }

    private static ServiceProvider BuildControlPlane(QuickStartOptions options, string configDirectory, LocalFleet fleet, EventRecorder events, ILoggerFactory loggerFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddSingleton<INodeInventory>(fleet);
        services.AddSingleton<IHealthSource>(fleet);
        services.AddSingleton<IRolloutEventSink>(events);
        services.AddSingleton<IChainCatalog>(new SingleChainCatalog(LocalFleet.ChainProfileId, "process"));
        services.AddSingleton<IConfigTemplateSource>(new UpgradeManifestFile.Templates());
        services.AddSingleton<IConfigVariableSource>(new UpgradeManifestFile.Variables());
        services.AddUpgradeOrchestration(o =>
            {
                o.ConfigDirectory = configDirectory;
                o.HealthPollInterval = TimeSpan.FromMilliseconds(250);
                o.UpgradeRetryDelay = TimeSpan.FromMilliseconds(200);
            })
            .UseSqliteStore(Path.Combine(options.StateDirectory, "rollouts.db"))
            .UseInProcessAgents(fleet.Agents);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
