namespace Upgrade.Orchestration;

/// <summary>A node's health as seen by the control plane.</summary>
public sealed record NodeHealthSnapshot
{
    /// <summary>Gets when the last heartbeat arrived, or <see langword="null"/> when none did.</summary>
    public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>Gets the application health.</summary>
    public ApplicationHealth ApplicationHealth { get; init; } = ApplicationHealth.Unknown;

    /// <summary>Gets the sync status.</summary>
    public SyncStatus SyncStatus { get; init; } = SyncStatus.Unknown;

    /// <summary>Gets the node state.</summary>
    public NodeState NodeState { get; init; } = NodeState.Unknown;

    /// <summary>Gets the number of restarts since the start of the window.</summary>
    public int RestartCount { get; init; }
}
