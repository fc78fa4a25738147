using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>
/// How an upgrade of one node ended, as the agent reports it. Expected endings are outcomes, not exceptions:
/// <see cref="UpgradeSucceeded"/>, <see cref="UpgradeCompensated"/> and <see cref="UpgradeRollbackFailed"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(UpgradeSucceeded), "succeeded")]
[JsonDerivedType(typeof(UpgradeCompensated), "compensated")]
[JsonDerivedType(typeof(UpgradeRollbackFailed), "rollback_failed")]
public abstract record UpgradeOutcome
{
    private protected UpgradeOutcome()
    {
    }

    /// <summary>Gets the upgrade this outcome belongs to.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets when the upgrade ended.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Gets the actions executed by this or an earlier attempt, in order.</summary>
    public IReadOnlyList<string> CompletedActions { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether this outcome was returned from the completed-upgrade store, without touching the
    /// node, because the upgrade had already ended.
    /// </summary>
    [JsonIgnore]
    public bool IsReplay { get; init; }

    /// <summary>Gets the node upgrade status this outcome corresponds to.</summary>
    [JsonIgnore]
    public abstract NodeUpgradeStatus Status { get; }
}
