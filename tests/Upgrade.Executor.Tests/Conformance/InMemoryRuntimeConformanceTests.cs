using Upgrade.Testing;

namespace Upgrade.Executor.Tests;

/// <summary>The conformance suite holds for the in-memory runtime, which unit tests rely on as a faithful model.</summary>
public sealed class InMemoryRuntimeConformanceTests : RuntimeAdapterConformanceTests
{
    protected override Task<ConformanceNode> CreateNodeAsync(CancellationToken cancellationToken)
    {
        var node = new TestNode();
        return Task.FromResult(new ConformanceNode
        {
            Adapter = node.Runtime,
            Upgrade = node.Parameters,
            CaptureStateAsync = _ => Task.FromResult(node.Runtime.Snapshot()),
        });
    }
}
