namespace Upgrade;

/// <summary>Every action completed: the node runs the target version.</summary>
public sealed record UpgradeSucceeded : UpgradeOutcome
{
    /// <summary>Gets the actions that were skipped because the node already had their effect.</summary>
    public IReadOnlyList<string> SkippedActions { get; init; } = [];

    /// <inheritdoc/>
    public override NodeUpgradeStatus Status => NodeUpgradeStatus.Succeeded;
}
