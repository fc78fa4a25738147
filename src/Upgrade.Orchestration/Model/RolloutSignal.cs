namespace Upgrade.Orchestration;

/// <summary>An operator signal, stored in order and applied by the engine between batches.</summary>
public sealed record RolloutSignal
{
    /// <summary>Gets the store-assigned position of the signal; increasing within a rollout.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the rollout the signal is for.</summary>
    public required Guid RolloutId { get; init; }

    /// <summary>Gets what the signal asks for.</summary>
    public required RolloutSignalKind Kind { get; init; }

    /// <summary>Gets the node of a <see cref="RolloutSignalKind.RetryNode"/> signal.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets when the signal was received.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
