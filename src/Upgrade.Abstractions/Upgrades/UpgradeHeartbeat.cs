namespace Upgrade;

/// <summary>Progress of a running upgrade: which action runs, in which phase.</summary>
public sealed record UpgradeHeartbeat
{
    /// <summary>Gets the upgrade.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the current phase.</summary>
    public required UpgradePhase Phase { get; init; }

    /// <summary>Gets the zero-based position of the running action.</summary>
    public required int ActionIndex { get; init; }

    /// <summary>Gets the name of the running action.</summary>
    public required string ActionName { get; init; }

    /// <summary>Gets the share of actions done, from 0 to 100.</summary>
    public required int ProgressPercent { get; init; }

    /// <summary>Gets a value indicating whether the action is being compensated rather than executed.</summary>
    public bool IsCompensating { get; init; }

    /// <summary>Gets when the heartbeat was sent.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
