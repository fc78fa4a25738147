namespace Upgrade.Orchestration;

/// <summary>One node of a rollout: its batch, status, phase and the rollback reference (its previous version).</summary>
public sealed record RolloutNode
{
    /// <summary>Gets the row id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the rollout.</summary>
    public required Guid RolloutId { get; init; }

    /// <summary>Gets the node.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the batch the node runs in.</summary>
    public required int BatchIndex { get; init; }

    /// <summary>Gets the node's upgrade status.</summary>
    public NodeUpgradeStatus Status { get; init; } = NodeUpgradeStatus.Pending;

    /// <summary>Gets the step an in-progress node is at.</summary>
    public RolloutNodeStage Stage { get; init; } = RolloutNodeStage.None;

    /// <summary>Gets the last phase the node reported (display only).</summary>
    public UpgradePhase? UpgradePhase { get; init; }

    /// <summary>Gets the version the node ran before the rollout.</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>Gets the artifact URL of the previous version.</summary>
    public string? PreviousBinaryUrl { get; init; }

    /// <summary>Gets the artifact checksum of the previous version.</summary>
    public string? PreviousChecksum { get; init; }

    /// <summary>Gets the failure details.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// Gets the node variables the rollout's config templates use (<c>{{ node.name }}</c>), captured from the inventory
    /// when the rollout resolved its targets, so that every send of the node's upgrade renders the same content.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConfigVariables { get; init; } = ConfigTemplateRenderer.NoVariables;

    /// <summary>Gets how many upgrade attempts were started on the node.</summary>
    public int AttemptCount { get; init; }

    /// <summary>Gets when the current attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the node reached its last final status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
