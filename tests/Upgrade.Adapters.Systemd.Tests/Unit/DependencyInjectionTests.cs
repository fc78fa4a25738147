using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upgrade.Executor;

namespace Upgrade.Adapters.Systemd.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddSystemdRuntime_RegistersKeyedAdapterWithOptions()
    {
        var services = new ServiceCollection();
        services.AddUpgradeExecutor().UseInMemoryStores().AddSystemdRuntime(o =>
        {
            o.UnitName = "node.service";
            o.AllowedConfigRoots.Add("/etc/node");
        });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var adapter = provider.GetRequiredKeyedService<IRuntimeAdapter>(RuntimeTypes.Systemd);

        adapter.ShouldBeOfType<SystemdRuntimeAdapter>().ServiceName.ShouldBe("node.service");
    }

    [Fact]
    public void AddSystemdRuntime_CalledTwice_RegistersOneAdapterAndOneOfEachValidator()
    {
        var services = new ServiceCollection();
        var builder = services.AddUpgradeExecutor();
        builder.AddSystemdRuntime(o => o.UnitName = "a.service");
        builder.AddSystemdRuntime(o => o.UnitName = "b.service");

        services.Count(d => d.ServiceType == typeof(IRuntimeAdapter)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<SystemdRuntimeOptions>)).ShouldBe(2);
    }

    [Fact]
    public void AddSystemdRuntime_InvalidOptions_FailsOnStartValidationNamingTheField()
    {
        var services = new ServiceCollection();
        services.AddUpgradeExecutor().UseInMemoryStores().AddSystemdRuntime(o => o.UnitName = "-bad");
        using var provider = services.BuildServiceProvider();

        var exception = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        exception.Message.ShouldContain("UnitName");
    }
}
