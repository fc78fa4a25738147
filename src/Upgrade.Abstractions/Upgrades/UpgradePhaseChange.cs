namespace Upgrade;

/// <summary>A node entered a new upgrade phase.</summary>
public sealed record UpgradePhaseChange
{
    /// <summary>Gets the upgrade.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the phase left, or <see langword="null"/> for the first phase.</summary>
    public UpgradePhase? Previous { get; init; }

    /// <summary>Gets the phase entered.</summary>
    public required UpgradePhase Phase { get; init; }

    /// <summary>Gets when the phase was entered.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
