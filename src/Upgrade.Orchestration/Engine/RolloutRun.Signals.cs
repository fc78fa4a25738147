using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>Applies stored operator signals, in order, at a point where no batch is in flight.</summary>
internal sealed partial class RolloutRun
{
    private async Task<bool> ApplySignalsAsync(CancellationToken cancellationToken)
    {
        var signals = await _engine.Store.GetSignalsAsync(_rollout.Id, _rollout.SignalCursor, cancellationToken).ConfigureAwait(false);
        if (signals.Count == 0)
        {
            return false;
        }

        var rollout = _rollout;
        var changed = new Dictionary<string, RolloutNode>(StringComparer.Ordinal);
        var events = new List<string>();
        var wasTerminal = rollout.Status.IsTerminal();
        var wasStarted = rollout.StartedAt is not null;
        foreach (var signal in signals)
        {
            rollout = await ApplyAsync(rollout, signal, changed, events, cancellationToken).ConfigureAwait(false) with { SignalCursor = signal.Sequence };
        }

        await SaveRolloutAsync(rollout, [.. changed.Values], events, cancellationToken).ConfigureAwait(false);
        if (!wasStarted && _rollout.StartedAt is not null)
        {
            _engine.Metrics.RolloutStarted(_rollout);
        }
        else if (wasTerminal && _rollout.Status.IsActive())
        {
            _engine.Metrics.RolloutStarted(_rollout);
        }

        if (!wasTerminal && _rollout.Status == RolloutStatus.Cancelled && _rollout.StartedAt is not null)
        {
            _engine.Metrics.RolloutEnded(_rollout, Now - (_rollout.StartedAt ?? _rollout.CreatedAt));
        }

        return true;
    }

    private async Task<Rollout> ApplyAsync(Rollout rollout, RolloutSignal signal, Dictionary<string, RolloutNode> changed, List<string> events, CancellationToken cancellationToken)
    {
        RolloutNode Current(RolloutNode node) => changed.GetValueOrDefault(node.NodeId, node);
        IEnumerable<RolloutNode> All() => NodesWhere(_ => true).Select(Current);
        Rollout Ignore(string reason)
        {
            _engine.Logger.SignalIgnored(rollout.Id, signal.Kind, signal.Sequence, rollout.Status, reason);
            return rollout;
        }

        switch (signal.Kind)
        {
            case RolloutSignalKind.Start:
                if (rollout.Status != RolloutStatus.Pending)
                {
                    return Ignore("only a pending rollout starts");
                }

                events.Add(RolloutEventTypes.RolloutStarted);
                return rollout with { Status = RolloutStatus.Running, StartedAt = Now };

            case RolloutSignalKind.Pause:
                if (rollout.Status != RolloutStatus.Running)
                {
                    return Ignore("only a running rollout pauses");
                }

                events.Add(RolloutEventTypes.RolloutPaused);
                return rollout with { Status = RolloutStatus.Paused, PauseReason = RolloutPauseReason.Operator };

            case RolloutSignalKind.Resume:
                if (rollout.Status != RolloutStatus.Paused)
                {
                    return Ignore("only a paused rollout resumes");
                }

                if (rollout.PauseReason == RolloutPauseReason.AwaitingCanaryApproval)
                {
                    return Ignore("the canary of a breaking migration needs approve_canary");
                }

                return rollout with { Status = RolloutStatus.Running, PauseReason = RolloutPauseReason.None };

            case RolloutSignalKind.Cancel:
                if (rollout.Status is not (RolloutStatus.Pending or RolloutStatus.Running or RolloutStatus.Paused))
                {
                    return Ignore("only a pending, running or paused rollout is cancelled");
                }

                foreach (var node in All().Where(n => n.Status == NodeUpgradeStatus.Pending))
                {
                    changed[node.NodeId] = node with { Status = NodeUpgradeStatus.Skipped, ErrorMessage = "The rollout was cancelled before the node started." };
                }

                events.Add(RolloutEventTypes.RolloutCancelled);
                return rollout with { Status = RolloutStatus.Cancelled, PauseReason = RolloutPauseReason.None, CompletedAt = Now };

            case RolloutSignalKind.Force:
                return rollout.Status.IsActive() ? rollout with { Forced = true } : Ignore("the rollout ended");

            case RolloutSignalKind.ApproveCanary:
                if (!rollout.Status.IsActive())
                {
                    return Ignore("the rollout ended");
                }

                return rollout.Status == RolloutStatus.Paused && rollout.PauseReason == RolloutPauseReason.AwaitingCanaryApproval
                    ? rollout with { CanaryApproved = true, Status = RolloutStatus.Running, PauseReason = RolloutPauseReason.None }
                    : rollout with { CanaryApproved = true };

            case RolloutSignalKind.RetryNode:
                return Retry(rollout, signal, changed, Ignore);

            case RolloutSignalKind.Rollback:
                if (rollout.Status is not (RolloutStatus.Running or RolloutStatus.Paused or RolloutStatus.Completed or RolloutStatus.Failed))
                {
                    return Ignore("only a running, paused, completed or failed rollout rolls back");
                }

                if (rollout.Status.IsTerminal())
                {
                    var active = await _engine.Store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
                    if (active.Any(r => r.Id != rollout.Id && string.Equals(r.ChainProfileId, rollout.ChainProfileId, StringComparison.Ordinal)))
                    {
                        return Ignore("another rollout of the chain is active");
                    }
                }

                foreach (var node in All().Where(n => n.Status == NodeUpgradeStatus.Pending))
                {
                    changed[node.NodeId] = node with { Status = NodeUpgradeStatus.Skipped, ErrorMessage = "The rollout was rolled back before the node started." };
                }

                events.Add(RolloutEventTypes.RollbackInitiated);
                return rollout with { Status = RolloutStatus.RollingBack, PauseReason = RolloutPauseReason.None, CompletedAt = null };

            default:
                return Ignore("unknown signal");
        }

        Rollout Retry(Rollout rollout, RolloutSignal signal, Dictionary<string, RolloutNode> changed, Func<string, Rollout> ignore)
        {
            if (rollout.Status is not (RolloutStatus.Running or RolloutStatus.Paused))
            {
                return ignore("only a running or paused rollout retries nodes");
            }

            var node = signal.NodeId is null ? null : All().FirstOrDefault(n => string.Equals(n.NodeId, signal.NodeId, StringComparison.Ordinal));
            if (node is null || node.Status != NodeUpgradeStatus.Failed)
            {
                return ignore($"node '{signal.NodeId}' is not a failed node of the rollout");
            }

            // The node joins the next batch to run; a finished rollout gets one more batch for it.
            var batch = rollout.CurrentBatch < rollout.BatchCount ? rollout.CurrentBatch : rollout.BatchCount;
            changed[node.NodeId] = node with { Status = NodeUpgradeStatus.Pending, Stage = RolloutNodeStage.None, BatchIndex = batch, ErrorMessage = null };
            return rollout with { BatchCount = Math.Max(rollout.BatchCount, batch + 1) };
        }
    }
}
