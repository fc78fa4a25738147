using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Adapters.FileSystem.Tests;

/// <summary>The options of <see cref="TestRuntimeAdapter"/>: only the file side, as a deriving adapter would inherit it.</summary>
public sealed class TestRuntimeOptions : FileSystemRuntimeOptions
{
}

/// <summary>
/// The smallest adapter on the base class: a lifecycle that only flips a flag, so that the file side is tested alone.
/// </summary>
public sealed class TestRuntimeAdapter : FileSystemRuntimeAdapter
{
    private bool _running = true;

    public TestRuntimeAdapter(FileSystemRuntimeOptions options, ILogger? logger = null, HttpMessageHandler? httpHandler = null)
        : base(options, TimeProvider.System, logger ?? NullLogger.Instance, httpHandler)
    {
    }

    public override string ServiceName => "node";

    public bool IsDisposed { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        return Task.CompletedTask;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        return Task.CompletedTask;
    }

    public override Task RestartAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    public override Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new RuntimeStatus { IsRunning = _running, State = _running ? "running" : "stopped" });

    public override Task ReloadDaemonAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
