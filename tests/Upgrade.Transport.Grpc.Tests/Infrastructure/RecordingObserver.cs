using System.Collections.Concurrent;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>Keeps every phase change and heartbeat it receives.</summary>
internal sealed class RecordingObserver : IUpgradeProgressObserver
{
    public ConcurrentQueue<UpgradePhaseChange> Phases { get; } = new();

    public ConcurrentQueue<UpgradeHeartbeat> Heartbeats { get; } = new();

    public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken)
    {
        Phases.Enqueue(change);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        Heartbeats.Enqueue(heartbeat);
        return ValueTask.CompletedTask;
    }
}
