namespace Upgrade.Orchestration;

/// <summary>A notification about a rollout or one of its nodes.</summary>
public sealed record RolloutEvent
{
    /// <summary>Gets the event type (<see cref="RolloutEventTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the subject to publish on, e.g. <c>events.rollout.{id}.started</c> or <c>events.node.{nodeId}.upgrade_started</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the rollout.</summary>
    public required Guid RolloutId { get; init; }

    /// <summary>Gets the rollout group of a group event, or of a component rollout's event.</summary>
    public Guid? GroupId { get; init; }

    /// <summary>Gets the component of a group event, or of a component rollout's event.</summary>
    public int? ComponentIndex { get; init; }

    /// <summary>Gets the group status after a group event.</summary>
    public RolloutGroupStatus? GroupStatus { get; init; }

    /// <summary>Gets the chain.</summary>
    public required string ChainProfileId { get; init; }

    /// <summary>Gets the node of a per-node event.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets the rollout status after the event.</summary>
    public required RolloutStatus RolloutStatus { get; init; }

    /// <summary>Gets the node status after a per-node event.</summary>
    public NodeUpgradeStatus? NodeStatus { get; init; }

    /// <summary>Gets the node's phase for phase events.</summary>
    public UpgradePhase? Phase { get; init; }

    /// <summary>Gets why the rollout paused, for pause events.</summary>
    public RolloutPauseReason PauseReason { get; init; }

    /// <summary>Gets the rollout's counters after the event.</summary>
    public int SucceededNodes { get; init; }

    /// <summary>Gets the failed-node counter after the event.</summary>
    public int FailedNodes { get; init; }

    /// <summary>Gets the total-node counter after the event.</summary>
    public int TotalNodes { get; init; }

    /// <summary>Gets a human-readable detail (an error message).</summary>
    public string? Message { get; init; }

    /// <summary>Gets when the event happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
