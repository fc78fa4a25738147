namespace Upgrade;

/// <summary>An action failed and every compensation succeeded: the node is back on its previous version.</summary>
public sealed record UpgradeCompensated : UpgradeOutcome
{
    /// <summary>Gets the action that failed.</summary>
    public required string FailedAction { get; init; }

    /// <summary>Gets why it failed.</summary>
    public required UpgradeError Error { get; init; }

    /// <summary>Gets the actions compensated, in the order their compensations ran.</summary>
    public IReadOnlyList<string> CompensatedActions { get; init; } = [];

    /// <inheritdoc/>
    public override NodeUpgradeStatus Status => NodeUpgradeStatus.Failed;
}
