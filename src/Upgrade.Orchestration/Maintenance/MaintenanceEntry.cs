namespace Upgrade.Orchestration;

/// <summary>A node in maintenance for a rollout.</summary>
public sealed record MaintenanceEntry
{
    /// <summary>Gets the node.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the rollout that put the node in maintenance.</summary>
    public required Guid RolloutId { get; init; }

    /// <summary>Gets when the node entered maintenance, or <see langword="null"/> when the registry does not record it.</summary>
    public DateTimeOffset? EnteredAt { get; init; }
}
