namespace Upgrade.Orchestration;

/// <summary>An incident raised by the rollout engine about one node.</summary>
public sealed record UpgradeIncident
{
    /// <summary>Gets the deterministic id, <c>{rolloutId:N}-{nodeId}-{category}-a{attempt}</c>: the same cause has the same id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the category, one of <see cref="IncidentCategories"/>.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the severity.</summary>
    public required IncidentSeverity Severity { get; init; }

    /// <summary>Gets the rollout.</summary>
    public required Guid RolloutId { get; init; }

    /// <summary>Gets the node.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the chain profile of the rollout.</summary>
    public required string ChainProfileId { get; init; }

    /// <summary>Gets the node's upgrade attempt the incident belongs to.</summary>
    public int Attempt { get; init; }

    /// <summary>Gets what happened.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the recovery plan of the rollout (from the upgrade manifest), or <see langword="null"/> when it has none.</summary>
    public string? RecoveryPlan { get; init; }

    /// <summary>Gets when the incident was raised.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Builds the deterministic id of an incident.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="nodeId">The node.</param>
    /// <param name="category">The category.</param>
    /// <param name="attempt">The node's attempt.</param>
    /// <returns>The id.</returns>
    public static string IdOf(Guid rolloutId, string nodeId, string category, int attempt) => $"{rolloutId:N}-{nodeId}-{category}-a{attempt}";
}
