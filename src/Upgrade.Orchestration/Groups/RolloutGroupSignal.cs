namespace Upgrade.Orchestration;

/// <summary>An operator signal for a rollout group, stored in order and applied by the engine between components.</summary>
public sealed record RolloutGroupSignal
{
    /// <summary>Gets the store-assigned position of the signal; increasing within a group.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the group the signal is for.</summary>
    public required Guid GroupId { get; init; }

    /// <summary>Gets what the signal asks for.</summary>
    public required RolloutGroupSignalKind Kind { get; init; }

    /// <summary>Gets when the signal was received.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
