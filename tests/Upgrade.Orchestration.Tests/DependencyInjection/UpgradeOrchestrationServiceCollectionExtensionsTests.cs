using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.DependencyInjection;

public sealed class UpgradeOrchestrationServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddUpgradeOrchestration_WithHostServices_ResolvesAServiceAndEngineThatRunARollout()
    {
        var world = new SimWorld(seed: 4, nodeCount: 2);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Time);
        services.AddSingleton(world.Inventory());
        services.AddSingleton(world.Health());
        services.AddUpgradeOrchestration(o => (o.HealthPollInterval, o.UpgradeTimeout) = (TimeSpan.FromSeconds(10), Harness.SimulationTimeout))
            .UseInMemoryStore()
            .UseInProcessAgents(world.AgentMap());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();

        var service = provider.GetRequiredService<RolloutService>();
        var engine = provider.GetRequiredService<RolloutEngine>();
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.AllAtOnce));
        await service.StartAsync(rollout.Id);
        var result = await Harness.DriveAsync(world.Time, engine.RunAsync(rollout.Id));

        result.Status.ShouldBe(RolloutStatus.Completed);
        provider.GetRequiredService<IRolloutStore>().ShouldBeOfType<InMemoryRolloutStore>();
        provider.GetRequiredService<IAgentTransport>().ShouldBeOfType<InProcessAgentTransport>();
    }

    [Fact]
    public void AddUpgradeOrchestration_Defaults_UseSqliteStoreAndFileManifests()
    {
        var services = new ServiceCollection();
        services.AddUpgradeOrchestration(o => o.DatabasePath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IRolloutStore>().ShouldBeOfType<SqliteRolloutStore>();
        provider.GetRequiredService<IManifestReader>().ShouldBeOfType<FileManifestReader>();
        provider.GetRequiredService<IRolloutEventSink>().ShouldBe(NullRolloutEventSink.Instance);
    }

    [Fact]
    public void AddUpgradeOrchestration_CalledTwice_RegistersNothingTwice()
    {
        var once = new ServiceCollection();
        once.AddUpgradeOrchestration();
        var twice = new ServiceCollection();
        twice.AddUpgradeOrchestration();
        twice.AddUpgradeOrchestration();

        twice.Count.ShouldBe(once.Count);
    }

    [Fact]
    public void AddUpgradeOrchestration_InvalidOptions_FailAtStartupNamingEachField()
    {
        var services = new ServiceCollection();
        services.AddUpgradeOrchestration(o =>
        {
            o.UpgradeRetries = -1;
            o.UpgradeTimeout = TimeSpan.FromSeconds(2);
            o.UpgradeRetryDelay = TimeSpan.FromSeconds(3);
            o.ConfigDirectory = " ";
            o.CrashLoopRestarts = 0;
        });
        using var provider = services.BuildServiceProvider();

        var exception = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        exception.Failures.Count().ShouldBe(4);
        exception.Message.ShouldContain("UpgradeRetries");
        exception.Message.ShouldContain("CrashLoopRestarts");
        exception.Message.ShouldContain("ConfigDirectory");
        exception.Message.ShouldContain("Retry delay: 3s, upgrade timeout: 2s");
    }

    [Fact]
    public void AddUpgradeOrchestration_DefaultOptions_AreValid()
    {
        var services = new ServiceCollection();
        services.AddUpgradeOrchestration();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<UpgradeOrchestrationOptions>>().Value;
        options.UpgradeTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        options.UpgradeRetries.ShouldBe(3);
        options.MaxManifestBytes.ShouldBe(1024 * 1024);
    }
}

public sealed class RolloutWorkerTests
{
    [Fact]
    public async Task AddRolloutWorker_StartedRollout_IsDrivenToTheEndAndResumedAfterAPause()
    {
        var world = new SimWorld(seed: 6, nodeCount: 3);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Time);
        services.AddSingleton(world.Inventory());
        services.AddSingleton(world.Health());
        services.AddUpgradeOrchestration(o => o.UpgradeTimeout = Harness.SimulationTimeout).UseInMemoryStore().UseInProcessAgents(world.AgentMap()).AddRolloutWorker().AddRolloutWorker();
        using var provider = services.BuildServiceProvider();
        var worker = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ShouldHaveSingleItem();
        var service = provider.GetRequiredService<RolloutService>();
        var rollout = await service.CreateAsync(Harness.Request(RolloutStrategy.Rolling, batchSize: 1));
        await service.StartAsync(rollout.Id);
        world.OnExecutionStarted = (_, _) =>
        {
            world.OnExecutionStarted = null;
            service.PauseAsync(rollout.Id).GetAwaiter().GetResult();
        };

        await worker.StartAsync(default);
        var paused = await WaitForAsync(world, service, rollout.Id, r => r.Status == RolloutStatus.Paused);
        paused.SucceededNodes.ShouldBe(1);
        await service.ResumeAsync(rollout.Id);
        var completed = await WaitForAsync(world, service, rollout.Id, r => r.Status == RolloutStatus.Completed);
        await worker.StopAsync(default);

        completed.SucceededNodes.ShouldBe(3);
        world.Executions.Count.ShouldBe(3);
    }

    private static async Task<Rollout> WaitForAsync(SimWorld world, RolloutService service, Guid id, Func<Rollout, bool> condition) =>
        await Harness.WaitForAsync(world.Time, async () => (await service.GetAsync(id))!, condition, TimeSpan.FromSeconds(1), "the worker brings the rollout to the expected state");
}
