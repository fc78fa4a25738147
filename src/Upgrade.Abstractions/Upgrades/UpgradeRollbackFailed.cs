namespace Upgrade;

/// <summary>
/// An action failed, and then a compensation failed too (FAILED_ROLLBACK). Compensation stopped there; the node needs a
/// person, and the control plane raises a critical incident.
/// </summary>
public sealed record UpgradeRollbackFailed : UpgradeOutcome
{
    /// <summary>Gets the action that failed first.</summary>
    public required string FailedAction { get; init; }

    /// <summary>Gets why it failed.</summary>
    public required UpgradeError Error { get; init; }

    /// <summary>Gets the action whose compensation failed.</summary>
    public required string CompensationFailedAction { get; init; }

    /// <summary>Gets why the compensation failed.</summary>
    public required UpgradeError CompensationError { get; init; }

    /// <summary>Gets the actions compensated before the failing compensation, in the order they ran.</summary>
    public IReadOnlyList<string> CompensatedActions { get; init; } = [];

    /// <inheritdoc/>
    public override NodeUpgradeStatus Status => NodeUpgradeStatus.FailedRollback;
}
