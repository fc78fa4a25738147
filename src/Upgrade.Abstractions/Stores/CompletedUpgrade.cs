namespace Upgrade;

/// <summary>An ended upgrade, as <see cref="ICompletedUpgradeStore"/> keeps it.</summary>
public sealed record CompletedUpgrade
{
    /// <summary>Gets the upgrade.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the hash of the inputs the upgrade ran with, so that a reuse with other inputs is refused.</summary>
    public required string InputHash { get; init; }

    /// <summary>Gets how the upgrade ended.</summary>
    public required UpgradeOutcome Outcome { get; init; }
}
