using Upgrade.Testing;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>The SDK's runtime adapter conformance suite, against real units under a real systemd.</summary>
[Collection(SystemdCollection.Name)]
public sealed class SystemdConformanceTests : RuntimeAdapterConformanceTests
{
    private readonly SystemdFixture _fixture;

    public SystemdConformanceTests(SystemdFixture fixture) => _fixture = fixture;

    protected override async Task<ConformanceNode> CreateNodeAsync(CancellationToken cancellationToken)
    {
        if (SystemdEnvironment.MissingReason is { } reason && !SystemdEnvironment.IsCi)
        {
            throw new ConformanceSkipException("Skipped: " + reason + ".");
        }

        var node = await ServiceNode.CreateAsync(_fixture, "conformance");
        return new ConformanceNode
        {
            Adapter = node.CreateAdapter(),
            Upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2Binary), ServiceNode.V2Binary),
            CaptureStateAsync = node.CaptureStateAsync,
            Cleanup = node.DisposeAsync,
        };
    }
}
