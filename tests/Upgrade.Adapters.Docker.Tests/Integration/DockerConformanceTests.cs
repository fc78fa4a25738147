using Upgrade.Adapters.Docker.Tests.Infrastructure;
using Upgrade.Testing;

namespace Upgrade.Adapters.Docker.Tests.Integration;

/// <summary>The SDK's runtime-adapter conformance suite, against a real engine, registry and containers.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerConformanceTests(DockerEngineFixture engine) : RuntimeAdapterConformanceTests
{
    protected override async Task<ConformanceNode> CreateNodeAsync(CancellationToken cancellationToken)
    {
        // Only by hand without root; under CI=true there is no skip reason and a missing engine fails the scenario.
        if (DockerEnvironment.SkipReason is { } reason)
        {
            throw new ConformanceSkipException(reason);
        }

        var node = await DockerTestNode.CreateAsync(engine, cancellationToken: cancellationToken);
        return node.ToConformanceNode();
    }
}
