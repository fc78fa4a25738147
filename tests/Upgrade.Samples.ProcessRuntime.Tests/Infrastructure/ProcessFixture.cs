namespace Upgrade.Samples.ProcessRuntime.Tests;

[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<ProcessFixture>
{
    public const string Name = "process";
}

/// <summary>The artifact server all process tests download from, started once per test run on loopback.</summary>
public sealed class ProcessFixture : IAsyncLifetime
{
    public LoopbackArtifactServer Server { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
