using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>One invocation of the engine on one rollout: the in-memory copy of its stored state and the step loop.</summary>
internal sealed partial class RolloutRun
{
    private readonly RolloutEngine _engine;
    private readonly Guid _rolloutId;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly Lock _queueLock = new();
    private List<QueuedNodeWrite> _queuedWrites = [];
    private bool _flushing;
    private bool _holdingWrites;
    private readonly Dictionary<string, RolloutNode> _nodes = new(StringComparer.Ordinal);

    // The nodes in progress, so that a phase report costs the batch, not the fleet.
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private Rollout _rollout = null!;

    // The rollout events stored with the last rollout write and not yet published; node writes keep them stored.
    private IReadOnlyList<string> _unpublished = [];

    public RolloutRun(RolloutEngine engine, Guid rolloutId)
    {
        _engine = engine;
        _rolloutId = rolloutId;
    }

    private DateTimeOffset Now => _engine.TimeProvider.GetUtcNow();

    private bool NeedsCanaryApproval => _rollout.Strategy == RolloutStrategy.Canary && _rollout.MigrationType == MigrationType.Breaking;

    public async Task<Rollout> RunAsync(CancellationToken cancellationToken)
    {
        _rollout = await _engine.Store.GetAsync(_rolloutId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout {_rolloutId} does not exist.");
        var stored = await _engine.Store.GetNodesAsync(_rolloutId, cancellationToken).ConfigureAwait(false);
        lock (_stateLock)
        {
            foreach (var node in stored)
            {
                SetNodeLocked(node);
            }
        }

        await PublishLeftoverEventsAsync(cancellationToken).ConfigureAwait(false);

        // Every iteration stores at least one transition or returns; the bound only turns a logic error into an exception.
        var limit = 1000 + (_rollout.TotalNodes * 20);
        for (var iteration = 0; iteration < limit; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await FinishStartedWorkAsync(cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (await ApplySignalsAsync(cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            switch (_rollout.Status)
            {
                case RolloutStatus.Running:
                    await StepRunningAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case RolloutStatus.RollingBack:
                    await StepRollingBackAsync(cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return _rollout;
            }

            limit = Math.Max(limit, 1000 + (_rollout.TotalNodes * 20));
        }

        throw new InvalidOperationException($"Rollout {_rolloutId} made no progress in {limit} steps.");
    }

    /// <summary>Finishes a batch that started before (this run or a crashed one), so signals apply between batches only.</summary>
    private async Task<bool> FinishStartedWorkAsync(CancellationToken cancellationToken)
    {
        if (_rollout.Status == RolloutStatus.Running && _rollout.TargetsResolved && _rollout.CurrentBatch < _rollout.BatchCount)
        {
            var batch = NodesWhere(n => n.BatchIndex == _rollout.CurrentBatch);
            if (batch.Count > 0 && batch.Any(n => n.Status != NodeUpgradeStatus.Pending))
            {
                await RunBatchAsync(_rollout.CurrentBatch, cancellationToken).ConfigureAwait(false);
                await CompleteBatchAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        if (_rollout.Status == RolloutStatus.RollingBack)
        {
            var inFlight = NodesWhere(n => n.Status == NodeUpgradeStatus.InProgress && n.Stage == RolloutNodeStage.RollingBack);
            if (inFlight.Count > 0)
            {
                await RunNodesAsync(inFlight, RollbackLimit, RollBackNodeAsync, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        return false;
    }

    private async Task StepRunningAsync(CancellationToken cancellationToken)
    {
        if (!_rollout.TargetsResolved)
        {
            await ResolveTargetsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_rollout.CurrentBatch >= _rollout.BatchCount)
        {
            await FinalizeAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (NeedsCanaryApproval && _rollout.CurrentBatch >= 1 && !_rollout.CanaryApproved)
        {
            await SaveRolloutAsync(
                _rollout with { Status = RolloutStatus.Paused, PauseReason = RolloutPauseReason.AwaitingCanaryApproval },
                [],
                [RolloutEventTypes.RolloutPaused],
                cancellationToken).ConfigureAwait(false);
            return;
        }

        await RunBatchAsync(_rollout.CurrentBatch, cancellationToken).ConfigureAwait(false);
        await CompleteBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ResolveTargetsAsync(CancellationToken cancellationToken)
    {
        var inventory = await _engine.Inventory.GetEligibleNodesAsync(_rollout.ChainProfileId, _rollout.NodeType, _rollout.BinaryName, cancellationToken).ConfigureAwait(false);
        var distinct = inventory
            .GroupBy(n => n.NodeId, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(n => n.NodeId, StringComparer.Ordinal)
            .ToList();
        // A node id becomes part of upgrade ids (and so of backup paths on the node): it must form valid ones.
        var unaddressable = distinct.Where(n => !UpgradeIds.IsValid(RevertIdOf(_rollout.Id, n.NodeId, 999))).Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);

        // A node whose inventory lacks a node variable the config templates use is never sent a half-rendered config.
        var nodeVariables = ConfigTemplateRenderer.NodeVariablesUsedBy(_rollout.ConfigFiles);
        var unrenderable = nodeVariables.Count == 0
            ? []
            : distinct
                .Select(n => (n.NodeId, Missing: nodeVariables.Where(v => !n.ConfigVariables.ContainsKey(v)).ToList()))
                .Where(n => n.Missing.Count > 0)
                .ToDictionary(n => n.NodeId, n => n.Missing, StringComparer.Ordinal);
        var eligible = distinct.Where(n => !unaddressable.Contains(n.NodeId) && !unrenderable.ContainsKey(n.NodeId) && !string.Equals(n.CurrentVersion, _rollout.TargetVersion, StringComparison.Ordinal)).ToList();
        var batches = RolloutBatches.Assign(eligible, _rollout.Strategy, _rollout.BatchSize, _rollout.CanarySize, _rollout.Seed);
        var nodes = new List<RolloutNode>();
        foreach (var item in distinct)
        {
            var batch = batches.GetValueOrDefault(item.NodeId, -1);
            nodes.Add(new RolloutNode
            {
                Id = Guid.NewGuid(),
                RolloutId = _rollout.Id,
                NodeId = item.NodeId,
                BatchIndex = batch,
                Status = batch < 0 ? NodeUpgradeStatus.Skipped : NodeUpgradeStatus.Pending,
                ErrorMessage = batch >= 0 ? null : unaddressable.Contains(item.NodeId)
                    ? $"The node id '{item.NodeId}' cannot form a valid upgrade id (at most {UpgradeIds.MaxLength} characters in all, from A-Z a-z 0-9 . _ -)."
                    : unrenderable.TryGetValue(item.NodeId, out var missing)
                        ? $"The inventory gives the node no value for {string.Join(", ", missing.Select(v => "'" + ConfigTemplateRenderer.NodePrefix + v + "'"))}, which the rollout's config templates use."
                        : $"The node already runs {_rollout.TargetVersion}.",
                ConfigVariables = batch >= 0 && nodeVariables.Count > 0
                    ? nodeVariables.ToDictionary(v => v, v => item.ConfigVariables[v], StringComparer.Ordinal)
                    : ConfigTemplateRenderer.NoVariables,
                PreviousVersion = item.CurrentVersion,
                PreviousBinaryUrl = item.CurrentBinaryUrl,
                PreviousChecksum = item.CurrentChecksum,
            });
        }

        var batchCount = batches.Count == 0 ? 0 : batches.Values.Max() + 1;
        await SaveRolloutAsync(_rollout with { TargetsResolved = true, BatchCount = batchCount, CurrentBatch = 0 }, nodes, [], cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteBatchAsync(CancellationToken cancellationToken)
    {
        var index = _rollout.CurrentBatch;

        // The stored counters, not a pass over every node: this runs once per batch, and the fleet can be large.
        var failed = _rollout.FailedNodes;
        var attempted = failed + _rollout.SucceededNodes;
        var next = _rollout with { CurrentBatch = index + 1 };
        var events = new List<string> { RolloutEventTypes.RolloutProgress };
        var canaryFailed = _rollout.Strategy == RolloutStrategy.Canary && index == 0
            && NodesWhere(n => n.BatchIndex == 0).Any(n => n.Status is NodeUpgradeStatus.Failed or NodeUpgradeStatus.FailedRollback);
        if (canaryFailed)
        {
            next = next with { Status = RolloutStatus.Paused, PauseReason = RolloutPauseReason.CanaryFailed };
            events.Add(RolloutEventTypes.RolloutPaused);
        }
        else if (!_rollout.IgnoresFailureThreshold && attempted > 0 && (double)failed / attempted > _rollout.FailureThreshold)
        {
            next = next with { Status = RolloutStatus.Paused, PauseReason = RolloutPauseReason.FailureThresholdExceeded };
            events.Add(RolloutEventTypes.RolloutPaused);
        }

        await SaveRolloutAsync(next, [], events, cancellationToken).ConfigureAwait(false);
    }

    private async Task FinalizeAsync(CancellationToken cancellationToken)
    {
        var failed = _rollout.FailedNodes > 0;
        var final = _rollout with
        {
            Status = failed ? RolloutStatus.Failed : RolloutStatus.Completed,
            PauseReason = RolloutPauseReason.None,
            CompletedAt = Now,
        };
        await SaveRolloutAsync(final, [], [failed ? RolloutEventTypes.RolloutFailed : RolloutEventTypes.RolloutCompleted], cancellationToken).ConfigureAwait(false);
        _engine.Metrics.RolloutEnded(_rollout, Now - (_rollout.StartedAt ?? _rollout.CreatedAt));
    }

    private async Task StepRollingBackAsync(CancellationToken cancellationToken)
    {
        var next = NodesWhere(n => n.Status == NodeUpgradeStatus.Succeeded).Take(RollbackLimit).ToList();
        if (next.Count == 0)
        {
            await SaveRolloutAsync(_rollout with { Status = RolloutStatus.RolledBack, CompletedAt = Now }, [], [RolloutEventTypes.RollbackCompleted], cancellationToken).ConfigureAwait(false);
            _engine.Metrics.RolloutEnded(_rollout, Now - (_rollout.StartedAt ?? _rollout.CreatedAt));
            return;
        }

        // Write-ahead: the whole rollback batch is marked in flight before any payload is sent.
        var now = Now;
        var started = next.Select(n => n with
        {
            Status = NodeUpgradeStatus.InProgress,
            Stage = RolloutNodeStage.RollingBack,
            UpgradePhase = null,
            StartedAt = now,
        }).ToList();
        await SaveRolloutAsync(_rollout, started, [], cancellationToken).ConfigureAwait(false);
        foreach (var node in started)
        {
            await PublishNodeAsync(RolloutEventTypes.UpgradeStarted, node, cancellationToken).ConfigureAwait(false);
        }

        await RunNodesAsync(started, RollbackLimit, RollBackNodeAsync, cancellationToken).ConfigureAwait(false);
    }

    private int RollbackLimit => _rollout.Strategy == RolloutStrategy.AllAtOnce ? int.MaxValue : Math.Max(1, _rollout.BatchSize);

    private int BatchLimit(int batchIndex) => _rollout.Strategy switch
    {
        RolloutStrategy.AllAtOnce => int.MaxValue,
        RolloutStrategy.Canary when batchIndex == 0 => Math.Max(1, _rollout.CanarySize),
        _ => Math.Max(1, _rollout.BatchSize),
    };

    private async Task RunBatchAsync(int batchIndex, CancellationToken cancellationToken)
    {
        var work = NodesWhere(n => n.BatchIndex == batchIndex && n.Status is NodeUpgradeStatus.Pending or NodeUpgradeStatus.InProgress);

        // Write-ahead for the whole batch in one transaction: every node's attempt (and so its deterministic upgrade id)
        // is stored before any payload is sent. A crash after this write resends the same ids; agents replay outcomes.
        var now = Now;
        var started = work.Where(n => n.Status == NodeUpgradeStatus.Pending).Select(n => n with
        {
            Status = NodeUpgradeStatus.InProgress,
            Stage = RolloutNodeStage.Upgrading,
            AttemptCount = n.AttemptCount + 1,
            UpgradePhase = null,
            ErrorMessage = null,
            StartedAt = now,
            CompletedAt = null,
        }).ToList();
        if (started.Count > 0)
        {
            await SaveRolloutAsync(_rollout, started, [], cancellationToken).ConfigureAwait(false);
            foreach (var node in started)
            {
                _engine.Logger.NodeTransition(_rollout.Id, node.NodeId, node.Status, node.Stage, node.AttemptCount);
                await PublishNodeAsync(RolloutEventTypes.UpgradeStarted, node, cancellationToken).ConfigureAwait(false);
            }
        }

        await RunNodesAsync(work, BatchLimit(batchIndex), UpgradeNodeAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs node workflows in parallel, never more than <paramref name="limit"/> at once. A node starts when another
    /// ends (no semaphore), so continuations stay on the thread that completed the previous node.
    /// </summary>
    private async Task RunNodesAsync(IReadOnlyList<RolloutNode> nodes, int limit, Func<string, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new Queue<RolloutNode>(nodes);
        var running = new List<Task>();
        Exception? failure = null;
        while (queue.Count > 0 || running.Count > 0)
        {
            // The transitions the started nodes store before their first real wait (an agent that answers at once)
            // go into one transaction after the loop, not one each: a store that completes synchronously would
            // otherwise commit each alone while this loop waits to start the next node.
            HoldNodeWrites();
            try
            {
                while (failure is null && running.Count < limit && queue.TryDequeue(out var next))
                {
                    running.Add(work(next.NodeId, stop.Token));
                }
            }
            finally
            {
                if (ReleaseNodeWrites())
                {
                    await FlushNodeWritesAsync(stop.Token).ConfigureAwait(false);
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            if (done.Exception?.InnerException is { } exception && failure is null)
            {
                // A failed write (lost race, store down) stops the other nodes of the batch at their next await.
                failure = exception;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        if (failure is not null && !UpgradeException.IsCancellation(failure))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private List<RolloutNode> NodesWhere(Func<RolloutNode, bool> predicate)
    {
        lock (_stateLock)
        {
            return [.. _nodes.Values.Where(predicate).OrderBy(n => n.BatchIndex).ThenBy(n => n.NodeId, StringComparer.Ordinal)];
        }
    }

    /// <summary>Replaces a node's state; the caller holds the state lock.</summary>
    private void SetNodeLocked(RolloutNode node)
    {
        _nodes[node.NodeId] = node;
        if (node.Status == NodeUpgradeStatus.InProgress)
        {
            _inProgress.Add(node.NodeId);
        }
        else
        {
            _inProgress.Remove(node.NodeId);
        }
    }

    private List<RolloutNode> NodesInProgress()
    {
        lock (_stateLock)
        {
            return [.. _inProgress.Select(id => _nodes[id])];
        }
    }

    private RolloutNode NodeOf(string nodeId)
    {
        lock (_stateLock)
        {
            return _nodes[nodeId];
        }
    }

    /// <summary>Stores a rollout change and node changes in one guarded write, then publishes the rollout events.</summary>
    private async Task SaveRolloutAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, IReadOnlyList<string> eventTypes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Write-ahead for the events: stored with the transition, so a crash before they are published loses none.
            var stored = await _engine.Store.UpdateAsync(rollout with { UpdatedAt = Now, UnpublishedEvents = eventTypes }, nodes, _rollout.Version, cancellationToken).ConfigureAwait(false);
            var previousStatus = _rollout.Status;
            lock (_stateLock)
            {
                _rollout = stored;
                _unpublished = eventTypes;
                foreach (var node in nodes)
                {
                    SetNodeLocked(node);
                }
            }

            if (previousStatus != stored.Status)
            {
                _engine.Logger.RolloutTransition(stored.Id, stored.Status, stored.PauseReason, stored.CurrentBatch, stored.BatchCount);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        _engine.Metrics.Progress(_rollout);
        await PublishStoredEventsAsync(eventTypes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the rollout events the last write stored. A rollout the engine leaves (waiting or final) is written once
    /// more without them: no later write of this run replaces them, and the next run would announce them again.
    /// </summary>
    private async Task PublishStoredEventsAsync(IReadOnlyList<string> eventTypes, CancellationToken cancellationToken)
    {
        if (eventTypes.Count == 0)
        {
            return;
        }

        foreach (var type in eventTypes)
        {
            await PublishAsync(RolloutEventOf(type, null), cancellationToken).ConfigureAwait(false);
        }

        lock (_stateLock)
        {
            _unpublished = [];
        }

        if (_rollout.Status is not (RolloutStatus.Running or RolloutStatus.RollingBack))
        {
            try
            {
                await SaveRolloutAsync(_rollout, [], [], cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException)
            {
                // Another run of the same rollout wrote it first, and so replaced them.
            }
        }
    }

    /// <summary>Publishes the events a run that died between a rollout write and its publication left stored (at least once).</summary>
    private async Task PublishLeftoverEventsAsync(CancellationToken cancellationToken)
    {
        var leftover = _rollout.UnpublishedEvents;
        if (leftover.Count > 0)
        {
            _engine.Logger.LeftoverEventsPublished(_rollout.Id, leftover.Count);
            lock (_stateLock)
            {
                _unpublished = leftover;
            }

            await PublishStoredEventsAsync(leftover, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores one node transition, computed from the node's current state under the write lock. Transitions that arrive
    /// while another write is in flight are queued and stored together in the next transaction (group commit); each
    /// caller returns only once its own transition is durable.
    /// </summary>
    private async Task<RolloutNode> SaveNodeAsync(string nodeId, Func<RolloutNode, RolloutNode> change, CancellationToken cancellationToken)
    {
        var write = new QueuedNodeWrite(nodeId, change);
        bool flush;
        lock (_queueLock)
        {
            _queuedWrites.Add(write);
            flush = TryBecomeFlusherLocked();
        }

        if (flush)
        {
            await FlushNodeWritesAsync(cancellationToken).ConfigureAwait(false);
        }

        var updated = await write.Completion.Task.ConfigureAwait(false);
        _engine.Logger.NodeTransition(_rollout.Id, nodeId, updated.Status, updated.Stage, updated.AttemptCount);
        _engine.Metrics.Progress(_rollout);
        return updated;
    }

    /// <summary>Queues node transitions without flushing them until <see cref="ReleaseNodeWrites"/>.</summary>
    private void HoldNodeWrites()
    {
        lock (_queueLock)
        {
            _holdingWrites = true;
        }
    }

    /// <summary>Ends a hold.</summary>
    /// <returns>Whether the caller must flush what was queued while the writes were held.</returns>
    private bool ReleaseNodeWrites()
    {
        lock (_queueLock)
        {
            _holdingWrites = false;
            return TryBecomeFlusherLocked();
        }
    }

    /// <summary>Makes the caller the flusher when there is queued work, no flush running and no hold; under the queue lock.</summary>
    private bool TryBecomeFlusherLocked()
    {
        if (_flushing || _holdingWrites || _queuedWrites.Count == 0)
        {
            return false;
        }

        _flushing = true;
        return true;
    }

    /// <summary>Writes queued node transitions, one transaction per group, until the queue is empty.</summary>
    private async Task FlushNodeWritesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<QueuedNodeWrite> group;
            lock (_queueLock)
            {
                if (_queuedWrites.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                group = _queuedWrites;
                _queuedWrites = [];
            }

            try
            {
                await WriteNodeGroupAsync(group, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                foreach (var write in group)
                {
                    write.Completion.TrySetException(exception);
                }
            }
        }
    }

    private async Task WriteNodeGroupAsync(List<QueuedNodeWrite> group, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A node appears once per group in practice; the overlay keeps a second change on top of the first anyway.
            var updates = new Dictionary<string, RolloutNode>(StringComparer.Ordinal);
            var results = new RolloutNode[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                var current = updates.TryGetValue(group[i].NodeId, out var pending) ? pending : NodeOf(group[i].NodeId);
                results[i] = updates[group[i].NodeId] = group[i].Change(current);
            }

            var stored = await _engine.Store.UpdateAsync(_rollout with { UpdatedAt = Now, UnpublishedEvents = _unpublished }, [.. updates.Values], _rollout.Version, cancellationToken).ConfigureAwait(false);
            lock (_stateLock)
            {
                _rollout = stored;
                foreach (var node in updates.Values)
                {
                    SetNodeLocked(node);
                }
            }

            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.TrySetResult(results[i]);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private sealed class QueuedNodeWrite
    {
        public QueuedNodeWrite(string nodeId, Func<RolloutNode, RolloutNode> change)
        {
            NodeId = nodeId;
            Change = change;
        }

        public string NodeId { get; }

        public Func<RolloutNode, RolloutNode> Change { get; }

        public TaskCompletionSource<RolloutNode> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private RolloutEvent RolloutEventOf(string type, RolloutNode? node)
    {
        var rollout = _rollout;
        var subject = node is null
            ? $"events.rollout.{rollout.Id:D}.{SubjectSuffix(type)}"
            : $"events.node.{node.NodeId}.{type}";
        return new RolloutEvent
        {
            Type = type,
            Subject = subject,
            RolloutId = rollout.Id,
            GroupId = rollout.GroupId,
            ComponentIndex = rollout.ComponentIndex,
            ChainProfileId = rollout.ChainProfileId,
            NodeId = node?.NodeId,
            RolloutStatus = rollout.Status,
            NodeStatus = node?.Status,
            Phase = node?.UpgradePhase,
            PauseReason = rollout.PauseReason,
            SucceededNodes = rollout.SucceededNodes,
            FailedNodes = rollout.FailedNodes,
            TotalNodes = rollout.TotalNodes,
            Message = node?.ErrorMessage,
            Timestamp = Now,
        };
    }

    private static string SubjectSuffix(string type) => type switch
    {
        RolloutEventTypes.RolloutStarted => "started",
        RolloutEventTypes.RolloutProgress => "progress",
        RolloutEventTypes.RolloutCompleted => "completed",
        RolloutEventTypes.RolloutPaused => "paused",
        RolloutEventTypes.RolloutFailed => "failed",
        RolloutEventTypes.RolloutCancelled => "cancelled",
        _ => type,
    };

    private Task PublishNodeAsync(string type, RolloutNode node, CancellationToken cancellationToken) =>
        PublishAsync(RolloutEventOf(type, node), cancellationToken);

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
