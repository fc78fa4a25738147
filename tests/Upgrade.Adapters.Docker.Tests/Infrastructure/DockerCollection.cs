namespace Upgrade.Adapters.Docker.Tests.Infrastructure;

/// <summary>Every test that uses the engine shares one engine and one registry per run, and runs one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "docker engine";
}
