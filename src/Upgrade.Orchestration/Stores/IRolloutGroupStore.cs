namespace Upgrade.Orchestration;

/// <summary>
/// Durable rollout-group state: groups and their operator signals. Every write of a group is guarded by its
/// <see cref="RolloutGroup.Version"/>, so two engines cannot both advance one group. The component rollouts themselves
/// are ordinary rollouts of <see cref="IRolloutStore"/> with <see cref="Rollout.GroupId"/> set.
/// </summary>
/// <remarks>Implementations must keep at most one active group (<see cref="RolloutGroupStatusExtensions.IsActive"/>) per chain.</remarks>
public interface IRolloutGroupStore
{
    /// <summary>Stores a new group with version 1.</summary>
    /// <param name="group">The group; its version is ignored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored group.</returns>
    /// <exception cref="ActiveRolloutConflictException">The chain already has an active group.</exception>
    /// <exception cref="InvalidOperationException">A group with this id exists.</exception>
    Task<RolloutGroup> InsertGroupAsync(RolloutGroup group, CancellationToken cancellationToken);

    /// <summary>Reads a group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The group, or <see langword="null"/> when it does not exist.</returns>
    Task<RolloutGroup?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken);

    /// <summary>Lists groups, oldest first.</summary>
    /// <param name="activeOnly">Whether to list only active groups (pending, running, paused).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The groups.</returns>
    Task<IReadOnlyList<RolloutGroup>> ListGroupsAsync(bool activeOnly, CancellationToken cancellationToken);

    /// <summary>Writes a group when the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="group">The new group state; its version is ignored.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored group, with its version incremented.</returns>
    /// <exception cref="ConcurrencyException">The group was written by someone else since it was read.</exception>
    /// <exception cref="ActiveRolloutConflictException">The write would make a second group of the chain active.</exception>
    /// <exception cref="InvalidOperationException">The group does not exist.</exception>
    Task<RolloutGroup> UpdateGroupAsync(RolloutGroup group, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Appends an operator signal for a group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="kind">The signal.</param>
    /// <param name="createdAt">When the signal was received.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored signal with its sequence.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist.</exception>
    Task<RolloutGroupSignal> AppendGroupSignalAsync(Guid groupId, RolloutGroupSignalKind kind, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Reads the signals of a group after a sequence, in order.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="afterSequence">The last sequence already applied.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The signals.</returns>
    Task<IReadOnlyList<RolloutGroupSignal>> GetGroupSignalsAsync(Guid groupId, long afterSequence, CancellationToken cancellationToken);
}
