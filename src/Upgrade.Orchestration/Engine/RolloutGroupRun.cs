using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>
/// One invocation of the engine on one rollout group: a thin orchestrator that creates and drives one ordinary rollout
/// per component, in order, through <see cref="RolloutEngine.RunAsync"/>. Every group transition is stored before
/// its effect, and every effect on a component rollout is idempotent (a deterministic rollout id, a signal appended
/// only when none of its kind is pending), so a restarted engine reaches the same end.
/// </summary>
internal sealed class RolloutGroupRun
{
    private readonly RolloutEngine _engine;
    private readonly IRolloutGroupStore _groups;
    private readonly Guid _groupId;
    private RolloutGroup _group = null!;

    public RolloutGroupRun(RolloutEngine engine, IRolloutGroupStore groups, Guid groupId)
    {
        _engine = engine;
        _groups = groups;
        _groupId = groupId;
    }

    private DateTimeOffset Now => _engine.TimeProvider.GetUtcNow();

    private int Count => _group.ComponentOrder.Count;

    public async Task<RolloutGroup> RunAsync(CancellationToken cancellationToken)
    {
        _group = await _groups.GetGroupAsync(_groupId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout group {_groupId} does not exist.");
        await PublishLeftoverEventsAsync(cancellationToken).ConfigureAwait(false);

        // Every iteration stores a transition, drives a component rollout, or returns; the bound turns a logic error into an exception.
        var limit = 1000 + (Count * 100);
        for (var iteration = 0; iteration < limit; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ApplySignalsAsync(cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // A paused group lets the component rollout it started finish (and records its end), but starts nothing new.
            var paused = _group.Status == RolloutGroupStatus.Paused && _group.FailedComponentIndex is null;
            if (_group.Status != RolloutGroupStatus.Running && !paused)
            {
                return _group;
            }

            var progressed = _group.RollingBack
                ? await StepRollingBackAsync(paused, cancellationToken).ConfigureAwait(false)
                : await StepForwardAsync(paused, cancellationToken).ConfigureAwait(false);
            if (!progressed)
            {
                return _group;
            }
        }

        throw new InvalidOperationException($"Rollout group {_groupId} made no progress in {limit} steps.");
    }

    private async Task<bool> StepForwardAsync(bool paused, CancellationToken cancellationToken)
    {
        var index = _group.CurrentComponentIndex;
        if (index >= Count)
        {
            if (paused)
            {
                return false;
            }

            await FinalizeForwardAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        var id = RolloutGroupPlans.ComponentRolloutId(_group.Id, index);
        var rollout = await _engine.Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var accepted = _group.AcceptedComponents.Contains(index);
        if (rollout is null)
        {
            if (paused)
            {
                return false;
            }

            if (accepted)
            {
                // Skipped before it started.
                await SaveAsync(_group with { CurrentComponentIndex = index + 1 }, [], cancellationToken).ConfigureAwait(false);
                return true;
            }

            return await CreateComponentAsync(index, id, cancellationToken).ConfigureAwait(false);
        }

        switch (rollout.Status)
        {
            case RolloutStatus.Pending:
                await EnsureSignalAsync(rollout, RolloutSignalKind.Start, cancellationToken).ConfigureAwait(false);
                await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                return true;
            case RolloutStatus.Running or RolloutStatus.RollingBack:
                await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                return true;
            case RolloutStatus.Paused when accepted || rollout.PauseReason is RolloutPauseReason.Operator or RolloutPauseReason.AwaitingCanaryApproval:
                // The component waits for a signal on its rollout (resume, force, approve_canary); one may have arrived.
                if ((await _engine.Store.GetSignalsAsync(id, rollout.SignalCursor, cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                _engine.Logger.GroupComponentWaits(_group.Id, index, $"its rollout {id} is paused ({WireNames.Of(rollout.PauseReason)})");
                return false;
        }

        if (accepted)
        {
            await SaveAsync(_group with { CurrentComponentIndex = index + 1 }, [], cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (rollout.Status == RolloutStatus.Completed)
        {
            var gate = await HealthGateAsync(rollout, cancellationToken).ConfigureAwait(false);
            if (gate is null)
            {
                await SaveAsync(_group with { CurrentComponentIndex = index + 1 }, [Event(RolloutEventTypes.GroupComponentCompleted, index, rollout)], cancellationToken).ConfigureAwait(false);
                return true;
            }

            return await FailComponentAsync(index, rollout, $"Component {index} ('{rollout.BinaryName}') failed the health gate: {gate}.", cancellationToken).ConfigureAwait(false);
        }

        var reason = rollout.Status == RolloutStatus.Paused
            ? $"Component {index} ('{rollout.BinaryName}') paused: {WireNames.Of(rollout.PauseReason)} ({rollout.FailedNodes} of {rollout.TotalNodes} nodes failed)."
            : $"Component {index} ('{rollout.BinaryName}') ended {rollout.Status.ToWireName()} ({rollout.FailedNodes} of {rollout.TotalNodes} nodes failed).";
        return await FailComponentAsync(index, rollout, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> CreateComponentAsync(int index, Guid id, CancellationToken cancellationToken)
    {
        var component = _group.ComponentOrder[index];
        var errors = new List<UpgradeValidationError>();
        var built = await RolloutGroupPlans.BuildAsync(_engine.Creator, _group.ChainProfileId, _group.DesiredVersions, component, index, _group.CreatedBy, errors, cancellationToken).ConfigureAwait(false);
        if (built is null)
        {
            // The rules held at creation; a manifest or template changed since.
            var message = $"Component {index} ('{component.BinaryName}') cannot start: " + string.Join(" ", errors.Select(e => $"{e.Field} ({e.Rule}): {e.Message}"));
            await SaveAsync(_group with { Status = RolloutGroupStatus.Failed, FailedComponentIndex = index, ErrorMessage = message, CompletedAt = Now }, [Event(RolloutEventTypes.GroupFailed, index, null)], cancellationToken).ConfigureAwait(false);
            return true;
        }

        Rollout inserted;
        try
        {
            inserted = await _engine.Store.InsertAsync(built with { Id = id, GroupId = _group.Id, ComponentIndex = index }, cancellationToken).ConfigureAwait(false);
        }
        catch (ActiveRolloutConflictException)
        {
            // Another rollout of the chain is active (created before the group); the component starts once it ends.
            _engine.Logger.GroupComponentWaits(_group.Id, index, "another rollout of the chain is active");
            return false;
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another engine inserted it first; the next step drives it (or loses the version race).
            if (await _engine.Store.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            return true;
        }

        await _engine.Store.AppendSignalAsync(id, RolloutSignalKind.Start, null, Now, cancellationToken).ConfigureAwait(false);
        await PublishAsync(Event(RolloutEventTypes.GroupComponentStarted, index, inserted), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Applies the failure policy to a failed component.</summary>
    private async Task<bool> FailComponentAsync(int index, Rollout rollout, string reason, CancellationToken cancellationToken)
    {
        var failed = Event(RolloutEventTypes.GroupComponentFailed, index, rollout) with { Message = reason };
        switch (_group.FailurePolicy)
        {
            case RolloutGroupFailurePolicy.PartialOk:
                var recorded = _group.FailedComponentIndex == index;
                if (rollout.Status.IsActive())
                {
                    // The failed component stops: a rollout paused by its failure threshold is cancelled first, so that
                    // it does not keep the chain's one active rollout after the group ended. The failure is stored
                    // first, so that the group keeps its reason rather than the cancellation's.
                    if (!recorded)
                    {
                        await SaveAsync(_group with { FailedComponentIndex = index, ErrorMessage = reason }, [failed], cancellationToken).ConfigureAwait(false);
                    }

                    await EnsureSignalAsync(rollout, RolloutSignalKind.Cancel, cancellationToken).ConfigureAwait(false);
                    await _engine.RunAsync(rollout.Id, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                await SaveAsync(
                    _group with { Status = RolloutGroupStatus.Partial, FailedComponentIndex = index, ErrorMessage = recorded ? _group.ErrorMessage : reason, CompletedAt = Now },
                    recorded ? [Event(RolloutEventTypes.GroupPartial, index, rollout)] : [failed, Event(RolloutEventTypes.GroupPartial, index, rollout)],
                    cancellationToken).ConfigureAwait(false);
                return true;

            case RolloutGroupFailurePolicy.RollbackAll:
                await SaveAsync(
                    _group with { RollingBack = true, FailedComponentIndex = index, ErrorMessage = reason },
                    [failed, Event(RolloutEventTypes.GroupRollbackInitiated, index, rollout)],
                    cancellationToken).ConfigureAwait(false);
                return true;

            default:
                await SaveAsync(
                    _group with { Status = RolloutGroupStatus.Paused, FailedComponentIndex = index, ErrorMessage = reason },
                    [failed, Event(RolloutEventTypes.GroupPaused, index, rollout)],
                    cancellationToken).ConfigureAwait(false);
                return true;
        }
    }

    private async Task FinalizeForwardAsync(CancellationToken cancellationToken)
    {
        var complete = true;
        for (var i = 0; i < Count && complete; i++)
        {
            var rollout = await _engine.Store.GetAsync(RolloutGroupPlans.ComponentRolloutId(_group.Id, i), cancellationToken).ConfigureAwait(false);
            complete = rollout is { Status: RolloutStatus.Completed };
        }

        var status = complete ? RolloutGroupStatus.Completed : RolloutGroupStatus.Partial;
        await SaveAsync(
            _group with { Status = status, CompletedAt = Now },
            [Event(complete ? RolloutEventTypes.GroupCompleted : RolloutEventTypes.GroupPartial, null, null)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back the current component (counting down), each by its rollout's rollback: every upgraded node gets its previous version.</summary>
    private async Task<bool> StepRollingBackAsync(bool paused, CancellationToken cancellationToken)
    {
        var index = Math.Min(_group.CurrentComponentIndex, Count - 1);
        if (paused)
        {
            // Only the component rollback in flight goes on.
            var current = index < 0 ? null : await _engine.Store.GetAsync(RolloutGroupPlans.ComponentRolloutId(_group.Id, index), cancellationToken).ConfigureAwait(false);
            if (current is not { Status: RolloutStatus.RollingBack })
            {
                return false;
            }

            await _engine.RunAsync(current.Id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (index < 0)
        {
            await FinalizeRollbackAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        var id = RolloutGroupPlans.ComponentRolloutId(_group.Id, index);
        var rollout = await _engine.Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        switch (rollout?.Status)
        {
            case null or RolloutStatus.Cancelled or RolloutStatus.RolledBack:
                // Nothing (more) to roll back. A cancelled rollout keeps its nodes: the rollout rollback does not apply to it.
                var events = rollout is { Status: RolloutStatus.RolledBack } ? new List<RolloutEvent> { Event(RolloutEventTypes.GroupComponentRolledBack, index, rollout) } : [];
                await SaveAsync(_group with { CurrentComponentIndex = index - 1 }, events, cancellationToken).ConfigureAwait(false);
                return true;

            case RolloutStatus.Pending:
                await EnsureSignalAsync(rollout, RolloutSignalKind.Cancel, cancellationToken).ConfigureAwait(false);
                await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                return true;

            case RolloutStatus.RollingBack:
                await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                return true;

            default:
                if (rollout.Status.IsTerminal())
                {
                    var active = await _engine.Store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
                    if (active.Any(r => r.Id != id && string.Equals(r.ChainProfileId, rollout.ChainProfileId, StringComparison.Ordinal)))
                    {
                        _engine.Logger.GroupComponentWaits(_group.Id, index, "another rollout of the chain is active; the rollback waits for it");
                        return false;
                    }
                }

                await EnsureSignalAsync(rollout, RolloutSignalKind.Rollback, cancellationToken).ConfigureAwait(false);
                await _engine.RunAsync(id, cancellationToken).ConfigureAwait(false);
                return true;
        }
    }

    private async Task FinalizeRollbackAsync(CancellationToken cancellationToken)
    {
        var failedRollbacks = 0;
        for (var i = 0; i < Count; i++)
        {
            var nodes = await _engine.Store.GetNodesAsync(RolloutGroupPlans.ComponentRolloutId(_group.Id, i), cancellationToken).ConfigureAwait(false);
            failedRollbacks += nodes.Count(n => n.Status == NodeUpgradeStatus.FailedRollback);
        }

        var final = failedRollbacks == 0
            ? _group with { Status = RolloutGroupStatus.RolledBack, CompletedAt = Now }
            : _group with { Status = RolloutGroupStatus.Failed, CompletedAt = Now, ErrorMessage = $"{failedRollbacks} node(s) failed to roll back and need manual intervention." };
        await SaveAsync(final, [Event(failedRollbacks == 0 ? RolloutEventTypes.GroupRolledBack : RolloutEventTypes.GroupFailed, null, null)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The gate between components: every upgraded node of the component must pass the relaxed health criteria now,
    /// over a window of the component's health wait duration.
    /// </summary>
    private async Task<string?> HealthGateAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        if (rollout.SkipValidation)
        {
            return null;
        }

        var since = Now - rollout.HealthWaitDuration;
        var nodes = await _engine.Store.GetNodesAsync(rollout.Id, cancellationToken).ConfigureAwait(false);
        foreach (var node in nodes.Where(n => n.Status == NodeUpgradeStatus.Succeeded))
        {
            var snapshot = await _engine.Health.GetHealthAsync(node.NodeId, since, cancellationToken).ConfigureAwait(false);
            if (HealthEvaluator.Evaluate(snapshot, since, _engine.Options.CrashLoopRestarts, requireHeartbeat: true) is { } reason)
            {
                return $"node {node.NodeId}: {reason}";
            }
        }

        return null;
    }

    private async Task<bool> ApplySignalsAsync(CancellationToken cancellationToken)
    {
        var signals = await _groups.GetGroupSignalsAsync(_group.Id, _group.SignalCursor, cancellationToken).ConfigureAwait(false);
        if (signals.Count == 0)
        {
            return false;
        }

        var group = _group;
        var events = new List<RolloutEvent>();
        var effects = new List<(Guid RolloutId, RolloutSignalKind[] Kinds)>();
        foreach (var signal in signals)
        {
            group = await ApplyAsync(group, signal, events, effects, cancellationToken).ConfigureAwait(false) with { SignalCursor = signal.Sequence };
        }

        // Effects on component rollouts come before the group write: a crash between them repeats them, and they are idempotent.
        var touched = new List<Guid>();
        foreach (var (rolloutId, kinds) in effects)
        {
            if (await _engine.Store.GetAsync(rolloutId, cancellationToken).ConfigureAwait(false) is { } rollout && rollout.Status.IsActive())
            {
                touched.Add(rolloutId);
                foreach (var kind in kinds)
                {
                    await EnsureSignalAsync(rollout, kind, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await SaveAsync(group, events, cancellationToken).ConfigureAwait(false);

        // A cancelled group drives its cancelled component to its end, so that it frees the chain.
        if (_group.Status == RolloutGroupStatus.Cancelled)
        {
            foreach (var rolloutId in touched)
            {
                try
                {
                    await _engine.RunAsync(rolloutId, cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyException)
                {
                    // The group is no longer active, so a worker may drive the rollout too; one engine is enough.
                }
            }
        }

        return true;
    }

    private async Task<RolloutGroup> ApplyAsync(RolloutGroup group, RolloutGroupSignal signal, List<RolloutEvent> events, List<(Guid, RolloutSignalKind[])> effects, CancellationToken cancellationToken)
    {
        RolloutGroup Ignore(string reason)
        {
            _engine.Logger.GroupSignalIgnored(group.Id, signal.Kind, signal.Sequence, group.Status, reason);
            return group;
        }

        Guid RolloutOf(int index) => RolloutGroupPlans.ComponentRolloutId(group.Id, index);

        switch (signal.Kind)
        {
            case RolloutGroupSignalKind.Start:
                if (group.Status != RolloutGroupStatus.Pending)
                {
                    return Ignore("only a pending group starts");
                }

                group = group with { Status = RolloutGroupStatus.Running, StartedAt = Now };
                events.Add(Event(RolloutEventTypes.GroupStarted, null, null, group));
                return group;

            case RolloutGroupSignalKind.Pause:
                if (group.Status != RolloutGroupStatus.Running)
                {
                    return Ignore("only a running group pauses");
                }

                group = group with { Status = RolloutGroupStatus.Paused };
                events.Add(Event(RolloutEventTypes.GroupPaused, null, null, group));
                return group;

            case RolloutGroupSignalKind.Resume:
                if (group.Status != RolloutGroupStatus.Paused)
                {
                    return Ignore("only a paused group resumes");
                }

                if (group.FailedComponentIndex is { } failedIndex && !group.RollingBack)
                {
                    // The operator accepts the failed component: a rollout paused by its failure goes on, forced.
                    effects.Add((RolloutOf(failedIndex), [RolloutSignalKind.Force, RolloutSignalKind.Resume]));
                    group = group with { AcceptedComponents = [.. group.AcceptedComponents.Append(failedIndex).Distinct()] };
                }

                group = group with { Status = RolloutGroupStatus.Running, FailedComponentIndex = group.RollingBack ? group.FailedComponentIndex : null };
                events.Add(Event(RolloutEventTypes.GroupResumed, null, null, group));
                return group;

            case RolloutGroupSignalKind.Skip:
                if (group.Status != RolloutGroupStatus.Paused || group.RollingBack)
                {
                    return Ignore("only a paused group that is not rolling back skips a component");
                }

                var skipped = group.FailedComponentIndex ?? group.CurrentComponentIndex;
                if (skipped >= group.ComponentOrder.Count)
                {
                    return Ignore("no component is left to skip");
                }

                effects.Add((RolloutOf(skipped), [RolloutSignalKind.Cancel]));
                group = group with
                {
                    Status = RolloutGroupStatus.Running,
                    FailedComponentIndex = null,
                    AcceptedComponents = [.. group.AcceptedComponents.Append(skipped).Distinct()],
                };
                events.Add(Event(RolloutEventTypes.GroupComponentSkipped, skipped, null, group));
                return group;

            case RolloutGroupSignalKind.Cancel:
                if (!group.Status.IsActive() || group.RollingBack)
                {
                    return Ignore("only a pending, running or paused group that is not rolling back is cancelled");
                }

                if (group.CurrentComponentIndex < group.ComponentOrder.Count)
                {
                    effects.Add((RolloutOf(group.CurrentComponentIndex), [RolloutSignalKind.Cancel]));
                }

                group = group with { Status = RolloutGroupStatus.Cancelled, CompletedAt = Now };
                events.Add(Event(RolloutEventTypes.GroupCancelled, null, null, group));
                return group;

            case RolloutGroupSignalKind.Rollback:
                if (group.RollingBack || group.Status is not (RolloutGroupStatus.Running or RolloutGroupStatus.Paused or RolloutGroupStatus.Completed or RolloutGroupStatus.Partial))
                {
                    return Ignore("only a running, paused, completed or partial group that is not rolling back rolls back");
                }

                if (!group.Status.IsActive())
                {
                    var active = await _groups.ListGroupsAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
                    if (active.Any(g => g.Id != group.Id && string.Equals(g.ChainProfileId, group.ChainProfileId, StringComparison.Ordinal)))
                    {
                        return Ignore("another group of the chain is active");
                    }
                }

                group = group with
                {
                    Status = RolloutGroupStatus.Running,
                    RollingBack = true,
                    CurrentComponentIndex = Math.Min(group.CurrentComponentIndex, group.ComponentOrder.Count - 1),
                    CompletedAt = null,
                };
                events.Add(Event(RolloutEventTypes.GroupRollbackInitiated, null, null, group));
                return group;

            default:
                return Ignore("unknown signal");
        }
    }

    /// <summary>Appends a signal to a component rollout unless one of its kind is already waiting to be applied.</summary>
    private async Task EnsureSignalAsync(Rollout rollout, RolloutSignalKind kind, CancellationToken cancellationToken)
    {
        var pending = await _engine.Store.GetSignalsAsync(rollout.Id, rollout.SignalCursor, cancellationToken).ConfigureAwait(false);
        if (!pending.Any(s => s.Kind == kind))
        {
            await _engine.Store.AppendSignalAsync(rollout.Id, kind, null, Now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SaveAsync(RolloutGroup group, IReadOnlyList<RolloutEvent> events, CancellationToken cancellationToken)
    {
        // Events built before the write carry the status they announce; they are stamped with the stored state and kept
        // with the write, so a crash before they are published loses none.
        IReadOnlyList<RolloutEvent> stamped = [.. events.Select(e => e with { GroupStatus = group.Status, Message = e.Message ?? group.ErrorMessage })];
        var previous = _group;
        _group = await _groups.UpdateGroupAsync(group with { UpdatedAt = Now, UnpublishedEvents = stamped }, previous.Version, cancellationToken).ConfigureAwait(false);
        if (previous.Status != _group.Status || previous.RollingBack != _group.RollingBack)
        {
            _engine.Logger.GroupTransition(_group.Id, _group.Status, _group.CurrentComponentIndex, Count, _group.RollingBack);
        }

        if (previous.Status.IsActive() != _group.Status.IsActive() && (previous.Status != RolloutGroupStatus.Pending || !_group.Status.IsActive()))
        {
            _engine.Metrics.GroupTransition(_group, Now - (_group.StartedAt ?? _group.CreatedAt));
        }
        else if (previous.Status == RolloutGroupStatus.Pending && _group.Status == RolloutGroupStatus.Running)
        {
            _engine.Metrics.GroupTransition(_group, TimeSpan.Zero);
        }

        await PublishStoredEventsAsync(stamped, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the events the last write stored. A group the engine leaves (not running) is written once more without
    /// them: no later write of this run replaces them, and the next run would announce them again.
    /// </summary>
    private async Task PublishStoredEventsAsync(IReadOnlyList<RolloutEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var item in events)
        {
            await PublishAsync(item, cancellationToken).ConfigureAwait(false);
        }

        if (_group.Status != RolloutGroupStatus.Running)
        {
            try
            {
                await SaveAsync(_group, [], cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException)
            {
                // Another run of the same group wrote it first, and so replaced them.
            }
        }
    }

    /// <summary>Publishes the events a run that died between a group write and its publication left stored (at least once).</summary>
    private async Task PublishLeftoverEventsAsync(CancellationToken cancellationToken)
    {
        var leftover = _group.UnpublishedEvents;
        if (leftover.Count == 0)
        {
            return;
        }

        _engine.Logger.GroupLeftoverEventsPublished(_group.Id, leftover.Count);
        await PublishStoredEventsAsync(leftover, cancellationToken).ConfigureAwait(false);
    }

    private RolloutEvent Event(string type, int? componentIndex, Rollout? rollout, RolloutGroup? group = null)
    {
        group ??= _group;
        return new RolloutEvent
        {
            Type = type,
            Subject = $"events.rollout_group.{group.Id:D}.{SubjectSuffix(type)}",
            RolloutId = rollout?.Id ?? Guid.Empty,
            GroupId = group.Id,
            ComponentIndex = componentIndex,
            GroupStatus = group.Status,
            ChainProfileId = group.ChainProfileId,
            RolloutStatus = rollout?.Status ?? RolloutStatus.Pending,
            SucceededNodes = rollout?.SucceededNodes ?? 0,
            FailedNodes = rollout?.FailedNodes ?? 0,
            TotalNodes = rollout?.TotalNodes ?? 0,
            Message = group.ErrorMessage,
            Timestamp = Now,
        };
    }

    private static string SubjectSuffix(string type) => type.StartsWith("rollout_group_", StringComparison.Ordinal) ? type["rollout_group_".Length..] : type;

    private async Task PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken)
    {
        try
        {
            await _engine.Events.PublishAsync(rolloutEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _engine.Logger.EventSinkFailed(rolloutEvent.Type, rolloutEvent.RolloutId, exception);
        }
    }
}
