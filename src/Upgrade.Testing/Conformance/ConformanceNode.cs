namespace Upgrade.Testing;

/// <summary>A fresh node for one conformance scenario: an adapter for a service running v1, and the upgrade to v2.</summary>
public sealed class ConformanceNode : IAsyncDisposable
{
    /// <summary>Gets the adapter of the node, which runs v1.</summary>
    public required IRuntimeAdapter Adapter { get; init; }

    /// <summary>Gets the parameters of an upgrade to v2 with at least one configuration file.</summary>
    public required ActionParams Upgrade { get; init; }

    /// <summary>
    /// Gets a function that describes the node's observable state (checksums of the installed artifact and the
    /// configs, running or not, the running version). A compensated upgrade must leave it equal to its value before.
    /// </summary>
    public required Func<CancellationToken, Task<string>> CaptureStateAsync { get; init; }

    /// <summary>Gets a function that removes the node, or <see langword="null"/>.</summary>
    public Func<ValueTask>? Cleanup { get; init; }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Cleanup?.Invoke() ?? ValueTask.CompletedTask;
}
