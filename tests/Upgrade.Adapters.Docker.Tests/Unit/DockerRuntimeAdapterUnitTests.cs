using System.Net;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Upgrade.Executor;

namespace Upgrade.Adapters.Docker.Tests.Unit;

public sealed class DockerRuntimeAdapterUnitTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static DockerRuntimeAdapter CreateSut() => new(new DockerRuntimeOptions
    {
        Endpoint = "unix:///nonexistent/docker.sock",
        ContainerName = "node",
        AllowedConfigRoots = ["/srv/node"],
    });

    [Fact]
    public void GetArtifactHandle_DigestReference_IsCanonicalReference()
    {
        using var adapter = CreateSut();

        var handle = adapter.GetArtifactHandle(new ArtifactReference { Source = "registry:5000/node:v2@" + Digest, Checksum = Digest }, "node");

        handle.Location.ShouldBe("registry:5000/node@" + Digest);
        handle.Checksum.ShouldBe(Digest);
        adapter.ServiceName.ShouldBe("node");
        adapter.BackupContainerName.ShouldBe("node.bak");
    }

    [Fact]
    public void GetArtifactHandle_TagReference_DoesNotThrow()
    {
        using var adapter = CreateSut();

        adapter.GetArtifactHandle(new ArtifactReference { Source = "node:v2", Checksum = Digest }, "node").Location.ShouldBe("node:v2");
    }

    [Fact]
    public async Task AcquireArtifact_TagReference_IsRefusedWithoutContactingTheEngine()
    {
        using var adapter = CreateSut();

        var error = await Should.ThrowAsync<UpgradeValidationException>(
            () => adapter.AcquireArtifactAsync(new ArtifactReference { Source = "node:v2", Checksum = Digest }, "node", CancellationToken.None));

        error.Errors.ShouldHaveSingleItem().Rule.ShouldBe("digest_pinned");
    }

    [Fact]
    public async Task InstallArtifact_OtherTarget_IsRefusedBeforeAnyChange()
    {
        using var adapter = CreateSut();
        var handle = new ArtifactHandle { Location = "registry:5000/node@" + Digest, Checksum = Digest };

        var error = await Should.ThrowAsync<UpgradeValidationException>(() => adapter.InstallArtifactAsync(handle, "other", CancellationToken.None));

        error.Message.ShouldContain("'other' is not the container 'node'");
    }

    [Fact]
    public async Task DiscardArtifact_TagReference_DoesNothing()
    {
        using var adapter = CreateSut();

        await adapter.DiscardArtifactAsync(new ArtifactHandle { Location = "node:v2", Checksum = Digest }, CancellationToken.None);
    }

    [Fact]
    public async Task EngineUnreachable_ThrowsRuntimeOperationNamingTheEndpoint()
    {
        using var adapter = CreateSut();

        var error = await Should.ThrowAsync<RuntimeOperationException>(() => adapter.GetStatusAsync(CancellationToken.None));

        error.Message.ShouldContain("unix:///nonexistent/docker.sock");
    }

    [Theory]
    [InlineData("{\"message\":\"No such container: node\"}", "No such container: node")]
    [InlineData("plain text\n", "plain text")]
    [InlineData("", "(no message)")]
    public void EngineMessage_ResponseBody_IsExtracted(string body, string message)
    {
        DockerRuntimeAdapter.EngineMessage(body).ShouldBe(message);
    }

    [Fact]
    public void EngineError_CarriesStatusAndMessage()
    {
        var error = DockerRuntimeAdapter.EngineError("start container 'node'", new DockerApiException(HttpStatusCode.Conflict, "{\"message\":\"port is already allocated\"}"));

        error.Message.ShouldBe("The Docker engine failed to start container 'node': 409 Conflict: port is already allocated");
        error.InnerException.ShouldBeOfType<DockerApiException>();
    }

    [Fact]
    public async Task ReloadDaemon_DoesNothing()
    {
        using var adapter = CreateSut();

        await adapter.ReloadDaemonAsync(CancellationToken.None);
    }

    [Fact]
    public void AddDockerRuntime_RegistersKeyedAdapterAndCleanupOnce()
    {
        var services = new ServiceCollection();
        var builder = services.AddUpgradeExecutor().UseInMemoryStores();

        builder.AddDockerRuntime(options =>
        {
            options.Endpoint = "unix:///nonexistent/docker.sock";
            options.ContainerName = "node";
            options.AllowedConfigRoots = ["/srv/node"];
        });
        builder.AddDockerRuntime(options => options.StopTimeout = TimeSpan.FromSeconds(5));
        using var provider = services.BuildServiceProvider();

        var adapter = provider.GetRequiredKeyedService<IRuntimeAdapter>(RuntimeTypes.Docker).ShouldBeOfType<DockerRuntimeAdapter>();
        adapter.ServiceName.ShouldBe("node");
        provider.GetRequiredService<IDockerBackupCleanup>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value.StopTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        services.Count(descriptor => descriptor.ServiceType == typeof(IRuntimeAdapter)).ShouldBe(1);
        services.Count(descriptor => descriptor.ServiceType == typeof(IValidateOptions<DockerRuntimeOptions>)).ShouldBe(2);
    }

    [Fact]
    public void AddDockerRuntime_InvalidOptions_FailNamingTheField()
    {
        var services = new ServiceCollection();
        services.AddUpgradeExecutor().UseInMemoryStores().AddDockerRuntime(options => options.AllowedConfigRoots = ["/srv/node"]);
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value);

        error.Message.ShouldContain("ContainerName");
    }
}
