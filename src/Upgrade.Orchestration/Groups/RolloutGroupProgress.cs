namespace Upgrade.Orchestration;

/// <summary>A rollout group with the progress of each of its components.</summary>
public sealed record RolloutGroupProgress
{
    /// <summary>Gets the group.</summary>
    public required RolloutGroup Group { get; init; }

    /// <summary>Gets the components in their declared order.</summary>
    public required IReadOnlyList<RolloutGroupComponentProgress> Components { get; init; }
}

/// <summary>One component of a rollout group and its rollout.</summary>
public sealed record RolloutGroupComponentProgress
{
    /// <summary>Gets the component definition.</summary>
    public required RolloutGroupComponent Component { get; init; }

    /// <summary>Gets the version the component upgrades to (the group's desired version of its binary).</summary>
    public required string TargetVersion { get; init; }

    /// <summary>Gets the component's rollout with its counters, or <see langword="null"/> before the component started.</summary>
    public Rollout? Rollout { get; init; }

    /// <summary>Gets a value indicating whether an operator accepted the component's failure (resume or skip).</summary>
    public bool Accepted { get; init; }

    /// <summary>Gets the fraction of the component's nodes that reached a final status, in [0, 1]; 0 before it started.</summary>
    public double Progress => Rollout is { TotalNodes: > 0 } r ? (double)(r.TotalNodes - r.PendingNodes) / r.TotalNodes : 0;
}
