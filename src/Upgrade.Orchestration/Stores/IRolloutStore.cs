namespace Upgrade.Orchestration;

/// <summary>
/// Durable rollout state: rollouts, their nodes and operator signals. Every write of a rollout is guarded by its
/// <see cref="Rollout.Version"/>, so two engines cannot both advance one rollout.
/// </summary>
/// <remarks>
/// Implementations must keep at most one active rollout (<see cref="RolloutStatusExtensions.IsActive"/>) per chain,
/// keep <c>(rollout id, node id)</c> unique, and recompute the denormalized counters of <see cref="Rollout"/> in the
/// same transaction as the node writes.
/// </remarks>
public interface IRolloutStore
{
    /// <summary>Stores a new rollout with version 1.</summary>
    /// <param name="rollout">The rollout; its counters and version are ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored rollout.</returns>
    /// <exception cref="ActiveRolloutConflictException">The chain already has an active rollout.</exception>
    /// <exception cref="InvalidOperationException">A rollout with this id exists.</exception>
    Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken);

    /// <summary>Reads a rollout.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rollout, or <see langword="null"/> when it does not exist.</returns>
    Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken);

    /// <summary>Lists rollouts, oldest first.</summary>
    /// <param name="activeOnly">Whether to list only active rollouts (pending, running, paused, rolling back).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rollouts.</returns>
    Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken);

    /// <summary>Reads the nodes of a rollout, ordered by batch and node id.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The nodes.</returns>
    Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a rollout and inserts or updates some of its nodes in one transaction, when the stored version is still
    /// <paramref name="expectedVersion"/>. The counters are recomputed from the node statuses.
    /// </summary>
    /// <param name="rollout">The new rollout state; counters and version are ignored.</param>
    /// <param name="nodes">The nodes to insert or update, matched by rollout id and node id.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored rollout, with its version incremented and its counters recomputed.</returns>
    /// <exception cref="ConcurrencyException">The rollout was written by someone else since it was read.</exception>
    /// <exception cref="ActiveRolloutConflictException">The write would make a second rollout of the chain active.</exception>
    /// <exception cref="InvalidOperationException">The rollout does not exist.</exception>
    Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records the phase a node reported. It is display state only and does not change the version.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="nodeId">The node.</param>
    /// <param name="phase">The phase.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the phase is stored.</returns>
    Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken);

    /// <summary>Appends an operator signal.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="kind">The signal.</param>
    /// <param name="nodeId">The node, for <see cref="RolloutSignalKind.RetryNode"/>.</param>
    /// <param name="createdAt">When the signal was received.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored signal with its sequence.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist.</exception>
    Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Reads the signals of a rollout after a sequence, in order.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="afterSequence">The last sequence already applied.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The signals.</returns>
    Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken);
}
