using Upgrade.Testing;

namespace Upgrade.Samples.ProcessRuntime.Tests;

/// <summary>
/// The SDK's runtime adapter conformance suite, against real child processes. Every node's adapter is a fresh
/// instance that finds the v1 process through the pid file, as an agent restarted after the node started would.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessConformanceTests : RuntimeAdapterConformanceTests
{
    private readonly ProcessFixture _fixture;

    public ProcessConformanceTests(ProcessFixture fixture) => _fixture = fixture;

    protected override async Task<ConformanceNode> CreateNodeAsync(CancellationToken cancellationToken)
    {
        var node = await ProcessNode.CreateAsync();
        return new ConformanceNode
        {
            Adapter = node.CreateAdapter(o => o.RestartOnCrash = true),
            Upgrade = node.CreateUpgrade(_fixture.Server.Serve(ProcessNode.V2Binary)),
            CaptureStateAsync = node.CaptureStateAsync,
            Cleanup = node.DisposeAsync,
        };
    }
}
