namespace Upgrade.Orchestration;

/// <summary>
/// A multi-component upgrade of one chain (for example geth, then lighthouse): one ordinary rollout per component, run
/// in the declared order with a health gate between components, and a failure policy. Instances are immutable; the
/// engine writes new versions through <see cref="IRolloutGroupStore"/>.
/// </summary>
public sealed record RolloutGroup
{
    /// <summary>Gets the group id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the target chain.</summary>
    public required string ChainProfileId { get; init; }

    /// <summary>Gets the lifecycle status.</summary>
    public RolloutGroupStatus Status { get; init; } = RolloutGroupStatus.Pending;

    /// <summary>Gets what the group does when a component fails.</summary>
    public required RolloutGroupFailurePolicy FailurePolicy { get; init; }

    /// <summary>Gets the target state: binary name to version.</summary>
    public required IReadOnlyDictionary<string, string> DesiredVersions { get; init; }

    /// <summary>Gets the components in the order they run.</summary>
    public required IReadOnlyList<RolloutGroupComponent> ComponentOrder { get; init; }

    /// <summary>
    /// Gets the component running or next to run; equal to the component count when every component ran. While
    /// <see cref="RollingBack"/>, the component being rolled back (counting down; -1 when done).
    /// </summary>
    public int CurrentComponentIndex { get; init; }

    /// <summary>Gets a value indicating whether the group is rolling its components back in reverse order.</summary>
    public bool RollingBack { get; init; }

    /// <summary>Gets the component whose failure paused or ended the group, if any.</summary>
    public int? FailedComponentIndex { get; init; }

    /// <summary>Gets the components whose failure an operator accepted with resume or skip; the policy is not applied to them again.</summary>
    public IReadOnlyList<int> AcceptedComponents { get; init; } = [];

    /// <summary>Gets why the group failed, when it did.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets who created the group.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Gets the sequence of the last group signal the engine applied.</summary>
    public long SignalCursor { get; init; }

    /// <summary>
    /// Gets the group events stored with the transition that raised them and not yet known to be published. The engine
    /// publishes them right after the write; when it dies in between, the next run publishes them (at least once).
    /// </summary>
    public IReadOnlyList<RolloutEvent> UnpublishedEvents { get; init; } = [];

    /// <summary>Gets the optimistic-concurrency version; every write increments it.</summary>
    public long Version { get; init; }

    /// <summary>Gets when the group was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the group was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the group started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the group reached a final status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
