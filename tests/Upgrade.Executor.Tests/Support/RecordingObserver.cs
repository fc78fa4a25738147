using System.Collections.Concurrent;

namespace Upgrade.Executor.Tests;

internal sealed class RecordingObserver : IUpgradeProgressObserver
{
    public ConcurrentQueue<UpgradePhaseChange> Phases { get; } = new();

    public ConcurrentQueue<UpgradeHeartbeat> Heartbeats { get; } = new();

    public bool Throw { get; init; }

    public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken)
    {
        Phases.Enqueue(change);
        return Throw ? throw new InvalidOperationException("observer down") : ValueTask.CompletedTask;
    }

    public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        Heartbeats.Enqueue(heartbeat);
        return Throw ? throw new InvalidOperationException("observer down") : ValueTask.CompletedTask;
    }
}
