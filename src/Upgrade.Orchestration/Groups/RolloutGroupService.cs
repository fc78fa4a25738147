namespace Upgrade.Orchestration;

/// <summary>
/// The operator surface of rollout groups: create (rules 8 and 9, and every rollout rule for each component), query,
/// and send signals. Signals are stored and applied by <see cref="RolloutEngine.RunGroupAsync"/> between components;
/// call it (or let the worker call it) after a signal that lets a waiting group continue.
/// </summary>
public sealed class RolloutGroupService
{
    private readonly IRolloutGroupStore _groups;
    private readonly IRolloutStore _store;
    private readonly RolloutCreator _creator;
    private readonly TimeProvider _timeProvider;

    internal RolloutGroupService(IRolloutGroupStore groups, IRolloutStore store, RolloutCreator creator, TimeProvider timeProvider)
    {
        _groups = groups;
        _store = store;
        _creator = creator;
        _timeProvider = timeProvider;
    }

    /// <summary>Validates a group request and stores a pending group; no component rollout exists until the group runs.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The stored group.</returns>
    /// <exception cref="UpgradeValidationException">
    /// One or more rules failed: rules 8 and 9, the rollout rules of each component (fields prefixed with
    /// <c>component_order[i].</c>), or one active group per chain. Every violation is listed; nothing was stored.
    /// </exception>
    public async Task<RolloutGroup> CreateAsync(RolloutGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = RolloutGroupValidator.Validate(request).ToList();
        var order = request.ComponentOrder ?? [];
        var components = new List<RolloutGroupComponent>();
        for (var i = 0; i < order.Count; i++)
        {
            // A seed is recorded now, so that the component's canary selection is the same after any restart.
            var component = order[i] with { Seed = order[i].Seed ?? Random.Shared.Next() };
            components.Add(component);
            if (request.DesiredVersions?.ContainsKey(component.BinaryName) == true)
            {
                await RolloutGroupPlans.BuildAsync(_creator, request.ChainProfileId, request.DesiredVersions, component, i, request.CreatedBy, errors, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!string.IsNullOrWhiteSpace(request.ChainProfileId))
        {
            var activeGroups = await _groups.ListGroupsAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
            if (activeGroups.FirstOrDefault(g => string.Equals(g.ChainProfileId, request.ChainProfileId, StringComparison.Ordinal)) is { } group)
            {
                errors.Add(OneActive(request.ChainProfileId, $"an active rollout group ({group.Id})"));
            }

            var activeRollouts = await _store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
            if (activeRollouts.FirstOrDefault(r => string.Equals(r.ChainProfileId, request.ChainProfileId, StringComparison.Ordinal)) is { } rollout)
            {
                errors.Add(OneActive(request.ChainProfileId, $"an active rollout ({rollout.Id})"));
            }
        }

        if (errors.Count > 0)
        {
            throw new UpgradeValidationException("rollout group request", errors);
        }

        var now = _timeProvider.GetUtcNow();
        var created = new RolloutGroup
        {
            Id = Guid.NewGuid(),
            ChainProfileId = request.ChainProfileId!,
            FailurePolicy = request.FailurePolicy!.Value,
            DesiredVersions = new Dictionary<string, string>(request.DesiredVersions!, StringComparer.Ordinal),
            ComponentOrder = components,
            CreatedBy = request.CreatedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            return await _groups.InsertGroupAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch (ActiveRolloutConflictException exception)
        {
            // Another creation won the race after the check above: the store's unique index is the real guard.
            _ = exception;
            throw new UpgradeValidationException("rollout group request", [OneActive(created.ChainProfileId, "an active rollout group")]);
        }
    }

    /// <summary>Reads a group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The group, or <see langword="null"/>.</returns>
    public Task<RolloutGroup?> GetAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        _groups.GetGroupAsync(groupId, cancellationToken);

    /// <summary>Lists groups.</summary>
    /// <param name="activeOnly">Whether to list only active groups.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The groups, oldest first.</returns>
    public Task<IReadOnlyList<RolloutGroup>> ListAsync(bool activeOnly, CancellationToken cancellationToken = default) =>
        _groups.ListGroupsAsync(activeOnly, cancellationToken);

    /// <summary>Reads a group with its component rollouts and their progress.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The group and its components, or <see langword="null"/> when the group does not exist.</returns>
    public async Task<RolloutGroupProgress?> GetStatusAsync(Guid groupId, CancellationToken cancellationToken = default)
    {
        var group = await _groups.GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return null;
        }

        var components = new List<RolloutGroupComponentProgress>();
        foreach (var component in group.ComponentOrder)
        {
            var rollout = await _store.GetAsync(RolloutGroupPlans.ComponentRolloutId(group.Id, component.ComponentIndex), cancellationToken).ConfigureAwait(false);
            components.Add(new RolloutGroupComponentProgress
            {
                Component = component,
                TargetVersion = rollout?.TargetVersion ?? group.DesiredVersions.GetValueOrDefault(component.BinaryName) ?? string.Empty,
                Rollout = rollout,
                Accepted = group.AcceptedComponents.Contains(component.ComponentIndex),
            });
        }

        return new RolloutGroupProgress { Group = group, Components = components };
    }

    /// <summary>Starts a pending group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist or is not pending.</exception>
    public Task<RolloutGroupSignal> StartAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        SignalAsync(groupId, RolloutGroupSignalKind.Start, g => g.Status == RolloutGroupStatus.Pending, "pending", cancellationToken);

    /// <summary>Pauses a running group before its next component; the running component finishes.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist or is not running.</exception>
    public Task<RolloutGroupSignal> PauseAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        SignalAsync(groupId, RolloutGroupSignalKind.Pause, g => g.Status == RolloutGroupStatus.Running, "running", cancellationToken);

    /// <summary>
    /// Resumes a paused group. After a component failure (manual policy) the failed component is accepted: a paused
    /// component rollout is forced and resumed, and the next component starts when it ends.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist or is not paused.</exception>
    public Task<RolloutGroupSignal> ResumeAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        SignalAsync(groupId, RolloutGroupSignalKind.Resume, g => g.Status == RolloutGroupStatus.Paused, "paused", cancellationToken);

    /// <summary>Cancels a group: its running component rollout is cancelled too and no further component starts.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist, ended, or is rolling back.</exception>
    public async Task<RolloutGroupSignal> CancelAsync(Guid groupId, CancellationToken cancellationToken = default)
    {
        var signal = await SignalAsync(groupId, RolloutGroupSignalKind.Cancel, g => g.Status.IsActive() && !g.RollingBack, "pending, running or paused and not rolling back", cancellationToken).ConfigureAwait(false);

        // The group signal is stored first; cancelling the component now stops it at its next batch instead of its end.
        var group = await _groups.GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (group is { RollingBack: false } && group.CurrentComponentIndex < group.ComponentOrder.Count)
        {
            var rolloutId = RolloutGroupPlans.ComponentRolloutId(group.Id, group.CurrentComponentIndex);
            if (await _store.GetAsync(rolloutId, cancellationToken).ConfigureAwait(false) is { Status: RolloutStatus.Pending or RolloutStatus.Running or RolloutStatus.Paused })
            {
                await _store.AppendSignalAsync(rolloutId, RolloutSignalKind.Cancel, null, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }

        return signal;
    }

    /// <summary>Rolls the group back: every component with upgraded nodes, in reverse order, each by its rollout's rollback (swapped versions).</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist, is already rolling back, or cannot be rolled back.</exception>
    public Task<RolloutGroupSignal> RollbackAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        SignalAsync(
            groupId,
            RolloutGroupSignalKind.Rollback,
            g => !g.RollingBack && g.Status is RolloutGroupStatus.Running or RolloutGroupStatus.Paused or RolloutGroupStatus.Completed or RolloutGroupStatus.Partial,
            "running, paused, completed or partial and not rolling back",
            cancellationToken);

    /// <summary>Skips the current component of a paused group (the failed one under the manual policy): its rollout is cancelled and the next component starts.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The group does not exist, is not paused, or is rolling back.</exception>
    public Task<RolloutGroupSignal> SkipAsync(Guid groupId, CancellationToken cancellationToken = default) =>
        SignalAsync(groupId, RolloutGroupSignalKind.Skip, g => g.Status == RolloutGroupStatus.Paused && !g.RollingBack, "paused and not rolling back", cancellationToken);

    private static UpgradeValidationError OneActive(string chainProfileId, string what) =>
        new() { Field = "chain_profile_id", Rule = RolloutRules.OneActivePerChain, Message = $"Chain '{chainProfileId}' already has {what}." };

    private async Task<RolloutGroupSignal> SignalAsync(Guid groupId, RolloutGroupSignalKind kind, Func<RolloutGroup, bool> allowed, string expected, CancellationToken cancellationToken)
    {
        var group = await _groups.GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout group {groupId} does not exist.");
        if (!allowed(group))
        {
            var state = group.RollingBack ? $"{group.Status.ToWireName()} (rolling back)" : group.Status.ToWireName();
            throw new InvalidOperationException($"Rollout group {groupId} is {state}; the {WireNames.Of(kind)} signal needs it {expected}.");
        }

        return await _groups.AppendGroupSignalAsync(groupId, kind, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
