namespace Upgrade;

/// <summary>An observer that ignores every notification.</summary>
public sealed class NullUpgradeProgressObserver : IUpgradeProgressObserver
{
    private NullUpgradeProgressObserver()
    {
    }

    /// <summary>Gets the single instance.</summary>
    public static NullUpgradeProgressObserver Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
