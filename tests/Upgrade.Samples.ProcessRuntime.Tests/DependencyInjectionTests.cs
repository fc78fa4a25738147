using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upgrade.Executor;

namespace Upgrade.Samples.ProcessRuntime.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddProcessRuntime_RegistersKeyedAdapterUnderProcess()
    {
        var services = new ServiceCollection();
        services.AddUpgradeExecutor().UseInMemoryStores().AddProcessRuntime(o =>
        {
            o.ServiceName = "app";
            o.ExecutablePath = "/opt/app/bin/app";
            o.StateDirectory = "/var/lib/app-agent";
            o.AllowedConfigRoots.Add("/etc/app");
        });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var adapter = provider.GetRequiredKeyedService<IRuntimeAdapter>("process");

        adapter.ShouldBeOfType<ProcessRuntimeAdapter>().ServiceName.ShouldBe("app");
        ProcessRuntimeAdapter.RuntimeType.ShouldBe("process");
    }

    [Fact]
    public void AddProcessRuntime_CalledTwice_RegistersOneAdapterAndOneOfEachValidator()
    {
        var services = new ServiceCollection();
        var builder = services.AddUpgradeExecutor();
        builder.AddProcessRuntime(o => o.ServiceName = "a");
        builder.AddProcessRuntime(o => o.ServiceName = "b");

        services.Count(d => d.ServiceType == typeof(IRuntimeAdapter)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<ProcessRuntimeOptions>)).ShouldBe(2);
    }

    [Fact]
    public void AddProcessRuntime_InvalidOptions_FailsOnStartValidationNamingTheFields()
    {
        var services = new ServiceCollection();
        services.AddUpgradeExecutor().UseInMemoryStores().AddProcessRuntime(o =>
        {
            o.ServiceName = "app";
            o.StateDirectory = "relative";
            o.MaxArtifactSizeBytes = -1;
        });
        using var provider = services.BuildServiceProvider();

        var exception = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        exception.Failures.ShouldBe(
        [
            "ExecutablePath: The ProcessRuntimeOptions.ExecutablePath field is required.",
            "StateDirectory: The state directory 'relative' is not an absolute path.",
            "MaxArtifactSizeBytes: The largest artifact size must be positive, not -1.",
        ]);
    }
}
