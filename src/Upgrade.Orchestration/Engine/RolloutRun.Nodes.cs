using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>The per-node workflow: send, verify, revert on an unhealthy node, and the full-rollback variant.</summary>
internal sealed partial class RolloutRun
{
    /// <summary>Builds the deterministic upgrade id of a node's attempt; a resend after a crash reuses it.</summary>
    internal static string UpgradeIdOf(Guid rolloutId, string nodeId, int attempt) => $"{rolloutId:N}-{nodeId}-a{attempt}";

    internal static string RevertIdOf(Guid rolloutId, string nodeId, int attempt) => $"{rolloutId:N}-{nodeId}-a{attempt}-revert";

    internal static string RollbackIdOf(Guid rolloutId, string nodeId) => $"{rolloutId:N}-{nodeId}-rollback";

    private async Task UpgradeNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var node = NodeOf(nodeId);
        if (node.Status == NodeUpgradeStatus.Pending)
        {
            var now = Now;
            node = await SaveNodeAsync(nodeId, n => n with
            {
                Status = NodeUpgradeStatus.InProgress,
                Stage = RolloutNodeStage.Upgrading,
                AttemptCount = n.AttemptCount + 1,
                UpgradePhase = null,
                ErrorMessage = null,
                StartedAt = now,
                CompletedAt = null,
            }, cancellationToken).ConfigureAwait(false);
            await PublishNodeAsync(RolloutEventTypes.UpgradeStarted, node, cancellationToken).ConfigureAwait(false);
        }

        // After in_progress is stored, before anything is sent; a resumed node enters again (the registry is idempotent).
        await EnterMaintenanceAsync(nodeId, cancellationToken).ConfigureAwait(false);
        if (node.Stage == RolloutNodeStage.Upgrading)
        {
            var payload = ForwardPayload(node);
            var (outcome, error) = await SendAsync(nodeId, payload, cancellationToken).ConfigureAwait(false);
            if (outcome is not UpgradeSucceeded)
            {
                var failure = error ?? DescribeFailure(outcome);
                await EndNodeAsync(
                    nodeId,
                    outcome?.Status ?? NodeUpgradeStatus.Failed,
                    failure,
                    cancellationToken,
                    outcome is UpgradeRollbackFailed ? new PendingIncident(IncidentCategories.UpgradeFailed, IncidentSeverity.Critical, failure) : null).ConfigureAwait(false);
                return;
            }

            if (_rollout.SkipValidation)
            {
                await EndNodeAsync(nodeId, NodeUpgradeStatus.Succeeded, null, cancellationToken).ConfigureAwait(false);
                return;
            }

            node = await SaveNodeAsync(nodeId, n => n with { Stage = RolloutNodeStage.Verifying, UpgradePhase = UpgradePhase.Verifying }, cancellationToken).ConfigureAwait(false);
            await PublishNodeAsync(RolloutEventTypes.UpgradePhaseChanged, node, cancellationToken).ConfigureAwait(false);
        }

        if (node.Stage == RolloutNodeStage.Verifying)
        {
            var window = _rollout.Strategy == RolloutStrategy.Canary && node.BatchIndex == 0 ? _rollout.HealthWaitDuration * 2 : _rollout.HealthWaitDuration;
            var check = await ValidateHealthAsync(nodeId, window, cancellationToken).ConfigureAwait(false);
            if (check.Reason is not { } reason)
            {
                await EndNodeAsync(nodeId, NodeUpgradeStatus.Succeeded, null, cancellationToken).ConfigureAwait(false);
                return;
            }

            _engine.Logger.HealthValidationFailed(_rollout.Id, nodeId, reason);
            node = await SaveNodeAsync(nodeId, n => n with { Stage = RolloutNodeStage.Reverting, ErrorMessage = $"Health validation failed: {reason}." }, cancellationToken).ConfigureAwait(false);
            if (check.IsStalled)
            {
                await RaiseIncidentAsync(
                    node,
                    new PendingIncident(IncidentCategories.UpgradeStalled, IncidentSeverity.Warning, $"Health validation ran its whole window ({window}) and failed while the node still shows life: {reason}. The node is reverted."),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        if (node.Stage == RolloutNodeStage.Reverting)
        {
            var message = node.ErrorMessage ?? "Health validation failed.";
            var payload = SwappedPayload(node, RevertIdOf(_rollout.Id, nodeId, node.AttemptCount));
            if (payload is null)
            {
                await EndRollbackFailedAsync(nodeId, message + " The node cannot be reverted: its previous artifact is unknown.", cancellationToken).ConfigureAwait(false);
                return;
            }

            var (outcome, error) = await SendAsync(nodeId, payload, cancellationToken).ConfigureAwait(false);
            if (outcome is not UpgradeSucceeded)
            {
                await EndRollbackFailedAsync(nodeId, message + " Reverting the node failed: " + (error ?? DescribeFailure(outcome)), cancellationToken).ConfigureAwait(false);
                return;
            }

            // Tier 3: the previous binary may not read the state the new one migrated; only a breaking migration is checked.
            if (_rollout.MigrationType == MigrationType.Breaking)
            {
                var check = await ValidateHealthAsync(nodeId, _rollout.HealthWaitDuration, cancellationToken).ConfigureAwait(false);
                if (IsCrashLoop(check.Snapshot))
                {
                    await EndCrashLoopAsync(nodeId, message + $" The node was reverted to {node.PreviousVersion}", check.Snapshot, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            await EndNodeAsync(nodeId, NodeUpgradeStatus.Failed, message + $" The node was reverted to {node.PreviousVersion}.", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RollBackNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var node = NodeOf(nodeId);
        await EnterMaintenanceAsync(nodeId, cancellationToken).ConfigureAwait(false);
        var payload = SwappedPayload(node, RollbackIdOf(_rollout.Id, nodeId));
        if (payload is null)
        {
            await EndRollbackFailedAsync(nodeId, "The node cannot be rolled back: its previous artifact is unknown.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var (outcome, error) = await SendAsync(nodeId, payload, cancellationToken).ConfigureAwait(false);
        if (outcome is not UpgradeSucceeded)
        {
            await EndRollbackFailedAsync(nodeId, "Rolling the node back failed: " + (error ?? DescribeFailure(outcome)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var check = _rollout.SkipValidation ? default : await ValidateHealthAsync(nodeId, _rollout.HealthWaitDuration, cancellationToken).ConfigureAwait(false);
        if (check.Reason is not { } reason)
        {
            await EndNodeAsync(nodeId, NodeUpgradeStatus.RolledBack, null, cancellationToken).ConfigureAwait(false);
        }
        else if (_rollout.MigrationType == MigrationType.Breaking && IsCrashLoop(check.Snapshot))
        {
            await EndCrashLoopAsync(nodeId, $"The node was rolled back to {node.PreviousVersion}", check.Snapshot, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await EndRollbackFailedAsync(nodeId, $"The node was rolled back but failed health validation: {reason}.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends a node whose rollback or revert failed: <c>failed_rollback</c> and a critical upgrade_rollback_failed incident.</summary>
    private Task EndRollbackFailedAsync(string nodeId, string error, CancellationToken cancellationToken) =>
        EndNodeAsync(nodeId, NodeUpgradeStatus.FailedRollback, error, cancellationToken, new PendingIncident(IncidentCategories.UpgradeRollbackFailed, IncidentSeverity.Critical, error));

    /// <summary>
    /// Tier 3: the previous binary and config are back but the node crash-loops on the migrated state. The node is left
    /// degraded (<c>failed_rollback</c>, no further automatic action) with a critical incident carrying the recovery plan.
    /// </summary>
    private Task EndCrashLoopAsync(string nodeId, string prefix, NodeHealthSnapshot? snapshot, CancellationToken cancellationToken)
    {
        var error = $"{prefix} but crash-loops ({snapshot?.RestartCount} restarts in the window): the previous version cannot use the migrated state. The node is degraded; reprovision it following the recovery plan.";
        return EndNodeAsync(nodeId, NodeUpgradeStatus.FailedRollback, error, cancellationToken, new PendingIncident(IncidentCategories.UpgradeFailed, IncidentSeverity.Critical, error));
    }

    private bool IsCrashLoop(NodeHealthSnapshot? snapshot) => snapshot is not null && snapshot.RestartCount >= _engine.Options.CrashLoopRestarts;

    private async Task EndNodeAsync(string nodeId, NodeUpgradeStatus status, string? error, CancellationToken cancellationToken, PendingIncident? incident = null)
    {
        var now = Now;
        var node = await SaveNodeAsync(nodeId, n => n with { Status = status, Stage = RolloutNodeStage.None, ErrorMessage = error, CompletedAt = now }, cancellationToken).ConfigureAwait(false);
        _engine.Metrics.NodeEnded(_rollout, node, now - (node.StartedAt ?? now));
        await ExitMaintenanceAsync(nodeId, cancellationToken).ConfigureAwait(false);
        await PublishNodeAsync(RolloutEventTypes.UpgradeCompleted, node, cancellationToken).ConfigureAwait(false);
        if (incident is { } pending)
        {
            await RaiseIncidentAsync(node, pending, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string DescribeFailure(UpgradeOutcome? outcome) => outcome switch
    {
        UpgradeCompensated compensated => $"The agent failed at '{compensated.FailedAction}' and restored the node: {compensated.Error}.",
        UpgradeRollbackFailed failed => $"The agent failed at '{failed.FailedAction}' ({failed.Error}) and its compensation failed at '{failed.CompensationFailedAction}' ({failed.CompensationError}); manual intervention is required.",
        null => "The outcome is unknown.",
        _ => $"The agent reported {outcome.Status}.",
    };

    private UpgradePayload ForwardPayload(RolloutNode node) => new()
    {
        UpgradeId = UpgradeIdOf(_rollout.Id, node.NodeId, node.AttemptCount),
        BinaryName = _rollout.BinaryName,
        SourceVersion = node.PreviousVersion ?? _rollout.SourceVersion,
        TargetVersion = _rollout.TargetVersion,
        ArtifactUrl = _rollout.TargetBinaryUrl,
        ArtifactChecksum = _rollout.TargetBinaryChecksum,
        ConfigFiles = ConfigTemplateRenderer.RenderForNode(_rollout.ConfigFiles, node.ConfigVariables),
        MigrationType = _rollout.MigrationType,
    };

    private UpgradePayload? SwappedPayload(RolloutNode node, string upgradeId) =>
        string.IsNullOrEmpty(node.PreviousVersion) || string.IsNullOrEmpty(node.PreviousBinaryUrl) || string.IsNullOrEmpty(node.PreviousChecksum)
            ? null
            : new UpgradePayload
            {
                UpgradeId = upgradeId,
                BinaryName = _rollout.BinaryName,
                SourceVersion = _rollout.TargetVersion,
                TargetVersion = node.PreviousVersion,
                ArtifactUrl = node.PreviousBinaryUrl,
                ArtifactChecksum = node.PreviousChecksum,
                MigrationType = _rollout.MigrationType,

                // The node's successful attempt saved the configs it replaced: the agent restores them from there.
                RevertsUpgradeId = UpgradeIdOf(_rollout.Id, node.NodeId, node.AttemptCount),
                RevertConfigPaths = [.. _rollout.ConfigFiles.Select(f => f.Path)],
            };

    /// <summary>
    /// Sends a payload and waits for its outcome. A lost connection or a timeout makes the outcome unknown, not failed:
    /// the next try first asks the agent for the outcome, then resends the same upgrade id (the agent runs it once).
    /// </summary>
    /// <returns>The outcome, or <see langword="null"/> with an error when it stayed unknown or the agent refused the payload.</returns>
    private async Task<(UpgradeOutcome? Outcome, string? Error)> SendAsync(string nodeId, UpgradePayload payload, CancellationToken cancellationToken)
    {
        var observer = new NodeObserver(this, nodeId);
        var attempt = 0;
        try
        {
            var pipeline = _engine.Options.UpgradeRetries > 0 ? _engine.SendPipeline : _engine.NoRetryPipeline;
            var outcome = await pipeline.ExecuteAsync(
                async token =>
                {
                    var current = attempt++;
                    try
                    {
                        if (current > 0 && await _engine.Transport.GetOutcomeAsync(nodeId, payload.UpgradeId, token).ConfigureAwait(false) is { } known)
                        {
                            return known;
                        }

                        return await _engine.Transport.SendUpgradeAsync(nodeId, payload, observer, token).ConfigureAwait(false);
                    }
                    catch (AgentUnavailableException exception)
                    {
                        _engine.Logger.AgentUnavailable(nodeId, payload.UpgradeId, current + 1, exception);
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return (outcome, null);
        }
        catch (Exception exception) when (exception is AgentUnavailableException or Polly.Timeout.TimeoutRejectedException)
        {
            return (null, $"The agent did not answer upgrade {payload.UpgradeId} after {attempt} tries; the outcome is unknown: {exception.Message}");
        }
        catch (Exception exception) when (exception is UpgradeValidationException or UpgradeInputMismatchException)
        {
            return (null, $"The agent refused upgrade {payload.UpgradeId}; nothing was changed: {exception.Message}");
        }
    }

    /// <summary>Observes a node for a window; criteria failures end it early, a heartbeat is required by its end.</summary>
    /// <returns>Why the node is unhealthy (or <see langword="null"/> when it passed), with the last snapshot.</returns>
    private async Task<HealthCheck> ValidateHealthAsync(string nodeId, TimeSpan window, CancellationToken cancellationToken)
    {
        var time = _engine.TimeProvider;
        var since = time.GetUtcNow();
        var end = since + window;
        var poll = _engine.Options.HealthPollInterval;
        while (true)
        {
            var remaining = end - time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(HealthDelayOf(remaining, poll), time, cancellationToken).ConfigureAwait(false);
            }

            var atEnd = time.GetUtcNow() >= end;
            var snapshot = await _engine.Health.GetHealthAsync(nodeId, since, cancellationToken).ConfigureAwait(false);
            var reason = HealthEvaluator.Evaluate(snapshot, since, _engine.Options.CrashLoopRestarts, requireHeartbeat: atEnd);
            if (reason is not null || atEnd)
            {
                return new HealthCheck(reason, snapshot, atEnd && reason is not null && ShowsLife(snapshot, since));
            }
        }
    }

    /// <summary>
    /// The next wait of a health window: the poll interval or what is left, never under one millisecond, because a
    /// shorter delay rounds to zero and the loop would spin until the window ends.
    /// </summary>
    internal static TimeSpan HealthDelayOf(TimeSpan remaining, TimeSpan poll)
    {
        var delay = remaining < poll ? remaining : poll;
        return delay < MinimumHealthDelay ? MinimumHealthDelay : delay;
    }

    private static readonly TimeSpan MinimumHealthDelay = TimeSpan.FromMilliseconds(1);

    private async ValueTask OnPhaseAsync(string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
    {
        RolloutNode node;
        lock (_stateLock)
        {
            node = _nodes[nodeId] with { UpgradePhase = phase };
            SetNodeLocked(node);
        }

        try
        {
            await _engine.Store.SetNodePhaseAsync(_rollout.Id, nodeId, phase, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _engine.Logger.PhaseWriteFailed(phase, nodeId, exception);
        }

        _engine.Metrics.NodePhases(_rollout, NodesInProgress());
        await PublishNodeAsync(RolloutEventTypes.UpgradePhaseChanged, node, cancellationToken).ConfigureAwait(false);
    }

    private sealed class NodeObserver : IUpgradeProgressObserver
    {
        private readonly RolloutRun _run;
        private readonly string _nodeId;

        public NodeObserver(RolloutRun run, string nodeId)
        {
            _run = run;
            _nodeId = nodeId;
        }

        public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken) =>
            _run.OnPhaseAsync(_nodeId, change.Phase, cancellationToken);

        public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
