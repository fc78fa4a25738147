using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

public sealed class RolloutGroupWorkerTests
{
    [Fact]
    public async Task AddRolloutWorker_StartedGroup_IsDrivenToTheEndWithoutAComponentRunTwice()
    {
        var scenario = new GroupScenario(10, RolloutGroupFailurePolicy.Manual, components: 2, failing: 1, nodes: 3);
        var world = scenario.World;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Time);
        services.AddSingleton(world.Inventory());
        services.AddSingleton(world.Health());
        services.AddUpgradeOrchestration(o => o.UpgradeTimeout = Harness.SimulationTimeout)
            .UseInMemoryStore()
            .UseInProcessAgents(world.Agents.ToDictionary(a => a.Key, a => (IUpgradeAgent)a.Value, StringComparer.Ordinal))
            .AddRolloutWorker();
        using var provider = services.BuildServiceProvider();
        var worker = provider.GetServices<IHostedService>().ShouldHaveSingleItem();
        var service = provider.GetRequiredService<RolloutGroupService>();
        var group = await service.CreateAsync(scenario.Request());
        await service.StartAsync(group.Id);

        await worker.StartAsync(default);
        var paused = await WaitForAsync(world, service, group.Id, g => g.Status == RolloutGroupStatus.Paused);
        paused.FailedComponentIndex.ShouldBe(1);
        await service.SkipAsync(group.Id);
        var final = await WaitForAsync(world, service, group.Id, g => !g.Status.IsActive());
        await worker.StopAsync(default);

        final.Status.ShouldBe(RolloutGroupStatus.Partial);
        final.AcceptedComponents.ShouldBe([1]);
        world.ExecutionLog().Select(e => e.UpgradeId).ShouldBeUnique();
        (await provider.GetRequiredService<IRolloutStore>().ListAsync(activeOnly: true, default)).ShouldBeEmpty();
    }

    private static async Task<RolloutGroup> WaitForAsync(GroupWorld world, RolloutGroupService service, Guid id, Func<RolloutGroup, bool> condition) =>
        await Harness.WaitForAsync(world.Time, async () => (await service.GetAsync(id))!, condition, TimeSpan.FromSeconds(1), "the worker brings the group to the expected state");
}
