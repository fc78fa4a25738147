using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upgrade.Testing;

namespace Upgrade.Executor.Tests;

public sealed class UpgradeExecutorServiceCollectionExtensionsTests
{
    [Fact]
    public void AddUpgradeExecutor_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddUpgradeExecutor();
        services.AddUpgradeExecutor(o => o.CheckpointTtl = TimeSpan.FromMinutes(3));

        services.Count(d => d.ServiceType == typeof(UpgradeExecutor)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<UpgradeExecutorOptions>) && d.ImplementationType?.Name == "UpgradeExecutorOptionsValidator").ShouldBe(1);
        using var provider = services.AddLogging().AddUpgradeExecutor().UseInMemoryStores().Services.BuildServiceProvider();
        provider.GetRequiredService<IOptions<UpgradeExecutorOptions>>().Value.CheckpointTtl.ShouldBe(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void AddAgent_PicksTheRuntimeRegisteredUnderItsType()
    {
        var memory = new InMemoryRuntimeAdapter();
        using var provider = new ServiceCollection()
            .AddUpgradeExecutor()
            .UseInMemoryStores()
            .AddRuntime("memory", _ => memory)
            .AddRuntime("other", _ => throw new InvalidOperationException("must not be built"))
            .AddAgent(o => { o.RuntimeType = "memory"; o.InstallTarget = "/opt/x"; o.DataDirectory = "/var/lib/x"; })
            .Services.BuildServiceProvider();

        provider.GetRequiredService<IUpgradeAgent>().ShouldBeOfType<UpgradeAgent>();
        provider.GetRequiredKeyedService<IRuntimeAdapter>("memory").ShouldBeSameAs(memory);
    }

    [Fact]
    public void AddAgent_UnknownRuntimeType_FailsWithAMessageNamingIt()
    {
        using var provider = new ServiceCollection()
            .AddUpgradeExecutor()
            .UseInMemoryStores()
            .AddAgent(o => { o.RuntimeType = "lxc"; o.InstallTarget = "/opt/x"; o.DataDirectory = "/var/lib/x"; })
            .Services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<IUpgradeAgent>()).Message.ShouldContain("'lxc'");
    }

    [Fact]
    public void AddUpgradeExecutor_WithoutStores_FailsWithAMessageThatSaysWhatToCall()
    {
        using var provider = new ServiceCollection().AddUpgradeExecutor().Services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<UpgradeExecutor>()).Message.ShouldContain("UseFileStores");
    }

    [Fact]
    public void AddUpgradeExecutor_InvalidOptions_FailValidationNamingTheField()
    {
        using var provider = new ServiceCollection().AddUpgradeExecutor(o => o.CheckpointTtl = TimeSpan.Zero).UseInMemoryStores().Services.BuildServiceProvider();

        var exception = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpgradeExecutorOptions>>().Value);

        exception.Message.ShouldContain("CheckpointTtl");
    }

    [Fact]
    public void UseFileStores_RelativeDirectory_IsRejected()
        => Should.Throw<ArgumentException>(() => new ServiceCollection().AddUpgradeExecutor().UseFileStores("state"));
}
