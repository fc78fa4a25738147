using Microsoft.Extensions.Logging;

namespace Upgrade.Executor;

/// <summary>One execution of an upgrade's actions: forward, and if needed, compensation.</summary>
internal sealed class UpgradeRun
{
    private readonly UpgradeExecutor _executor;
    private readonly IReadOnlyList<IUpgradeAction> _actions;
    private readonly IRuntimeAdapter _runtime;
    private readonly ActionParams _parameters;
    private readonly IUpgradeProgressObserver _observer;
    private readonly string _fingerprint;
    private readonly List<string> _completed = [];
    private readonly List<string> _skipped = [];
    private readonly List<string> _compensated = [];
    private string? _failedAction;
    private UpgradeError? _error;
    private UpgradePhase? _phase;

    public UpgradeRun(UpgradeExecutor executor, IReadOnlyList<IUpgradeAction> actions, IRuntimeAdapter runtime, ActionParams parameters, IUpgradeProgressObserver observer, string fingerprint)
    {
        _executor = executor;
        _actions = actions;
        _runtime = runtime;
        _parameters = parameters;
        _observer = observer;
        _fingerprint = fingerprint;
    }

    private string UpgradeId => _parameters.UpgradeId;

    private ILogger Logger => _executor.Logger;

    private TimeProvider Time => _executor.Time;

    public async Task<UpgradeOutcome> RunAsync(UpgradeCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint is { Mode: CheckpointMode.Compensating })
        {
            // A crash during compensation: never go forward again, finish undoing.
            Logger.CheckpointResumed(UpgradeId, checkpoint.CompletedActions.Count, checkpoint.Mode);
            _completed.AddRange(checkpoint.CompletedActions);
            _compensated.AddRange(checkpoint.CompensatedActions);
            _failedAction = checkpoint.FailedAction;
            _error = checkpoint.Error;
            return await CompensateAsync().ConfigureAwait(false);
        }

        var trusted = new HashSet<string>(StringComparer.Ordinal);
        var trustedSkips = new HashSet<string>(StringComparer.Ordinal);
        if (checkpoint is not null)
        {
            if (Time.GetUtcNow() - checkpoint.UpdatedAt <= _executor.Options.CheckpointTtl)
            {
                Logger.CheckpointResumed(UpgradeId, checkpoint.CompletedActions.Count, checkpoint.Mode);
                trusted.UnionWith(checkpoint.CompletedActions);
                trustedSkips.UnionWith(checkpoint.SkippedActions);
            }
            else
            {
                Logger.CheckpointExpired(UpgradeId, _executor.Options.CheckpointTtl);
            }
        }

        var budget = _executor.Options.TotalBudget ?? TimeSpan.FromTicks(_actions.Sum(a => a.Timeout.Ticks));
        using var budgetSource = new CancellationTokenSource(budget, Time);
        using var forwardSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budgetSource.Token);

        for (var index = 0; index < _actions.Count; index++)
        {
            var action = _actions[index];
            if (trusted.Contains(action.Name))
            {
                _completed.Add(action.Name);
                if (trustedSkips.Contains(action.Name))
                {
                    _skipped.Add(action.Name);
                }

                continue;
            }

            try
            {
                await ReportAsync(index, action, compensating: false, forwardSource.Token).ConfigureAwait(false);
                await SaveCheckpointAsync(CheckpointMode.Executing, action.Name, forwardSource.Token).ConfigureAwait(false);

                var startedAt = Time.GetTimestamp();
                var alreadyDone = await RunStepAsync(action, ct => action.IsAlreadyDoneAsync(_runtime, _parameters, ct).AsTask(), forwardSource.Token).ConfigureAwait(false);
                if (alreadyDone)
                {
                    _skipped.Add(action.Name);
                    _executor.Metrics.Skips.Add(1, new KeyValuePair<string, object?>(ExecutorDiagnostics.ActionNameTag, action.Name));
                    Logger.ActionSkipped(UpgradeId, action.Name);
                }
                else
                {
                    await RunStepAsync(action, async ct => { await action.ExecuteAsync(_runtime, _parameters, ct).ConfigureAwait(false); return true; }, forwardSource.Token).ConfigureAwait(false);
                    RecordDuration(action.Name, startedAt, "succeeded");
                    Logger.ActionCompleted(UpgradeId, action.Name);
                }
            }
            catch (Exception exception) when (!IsFatal(exception))
            {
                var error = Classify(exception, action, cancellationToken, budgetSource, budget);
                _failedAction = action.Name;
                _error = UpgradeError.From(error);
                Logger.ActionFailed(UpgradeId, action.Name, error);
                return await CompensateAsync().ConfigureAwait(false);
            }

            _completed.Add(action.Name);
        }

        return new UpgradeSucceeded
        {
            UpgradeId = UpgradeId,
            CompletedAt = Time.GetUtcNow(),
            CompletedActions = [.. _completed],
            SkippedActions = [.. _skipped],
        };
    }

    private async Task<UpgradeOutcome> CompensateAsync()
    {
        // The failing action may have done part of its work, so it is compensated first; compensations are idempotent.
        var order = new List<string>();
        if (_failedAction is not null && !_completed.Contains(_failedAction))
        {
            order.Add(_failedAction);
        }

        for (var i = _completed.Count - 1; i >= 0; i--)
        {
            order.Add(_completed[i]);
        }

        await TrySaveCompensationCheckpointAsync().ConfigureAwait(false);

        foreach (var name in order)
        {
            if (_compensated.Contains(name))
            {
                continue;
            }

            var index = IndexOf(name);
            if (index < 0)
            {
                // The checkpoint names an action this run does not have; the fingerprint check makes this unreachable.
                throw new InvalidOperationException($"The checkpoint of upgrade '{UpgradeId}' names an unknown action '{name}'.");
            }

            var action = _actions[index];
            var startedAt = Time.GetTimestamp();
            try
            {
                await ReportAsync(index, action, compensating: true, CancellationToken.None).ConfigureAwait(false);
                await RunStepAsync(action, async ct => { await action.CompensateAsync(_runtime, _parameters, ct).ConfigureAwait(false); return true; }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (!IsFatal(exception))
            {
                RecordDuration(name, startedAt, "compensation_failed");
                _executor.Metrics.Compensations.Add(1, new KeyValuePair<string, object?>(ExecutorDiagnostics.ActionNameTag, name), new KeyValuePair<string, object?>(ExecutorDiagnostics.OutcomeTag, "failed"));
                Logger.CompensationFailed(UpgradeId, name, exception);
                return new UpgradeRollbackFailed
                {
                    UpgradeId = UpgradeId,
                    CompletedAt = Time.GetUtcNow(),
                    CompletedActions = [.. _completed],
                    FailedAction = _failedAction ?? name,
                    Error = _error ?? UpgradeError.From(exception),
                    CompensationFailedAction = name,
                    CompensationError = UpgradeError.From(exception),
                    CompensatedActions = [.. _compensated],
                };
            }

            RecordDuration(name, startedAt, "compensated");
            _executor.Metrics.Compensations.Add(1, new KeyValuePair<string, object?>(ExecutorDiagnostics.ActionNameTag, name), new KeyValuePair<string, object?>(ExecutorDiagnostics.OutcomeTag, "succeeded"));
            Logger.ActionCompensated(UpgradeId, name);
            _compensated.Add(name);
            await TrySaveCompensationCheckpointAsync().ConfigureAwait(false);
        }

        return new UpgradeCompensated
        {
            UpgradeId = UpgradeId,
            CompletedAt = Time.GetUtcNow(),
            CompletedActions = [.. _completed],
            FailedAction = _failedAction ?? string.Empty,
            Error = _error ?? new UpgradeError { Type = "unknown", Message = "The upgrade failed." },
            CompensatedActions = [.. _compensated],
        };
    }

    private async Task<bool> RunStepAsync(IUpgradeAction action, Func<CancellationToken, Task<bool>> step, CancellationToken outer)
    {
        using var timeoutSource = new CancellationTokenSource(action.Timeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer, timeoutSource.Token);
        try
        {
            // WaitAsync bounds the step even when it ignores its token: a hung adapter cannot hold the upgrade forever.
            return await step(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (timeoutSource.IsCancellationRequested && !outer.IsCancellationRequested)
        {
            throw new ActionTimeoutException(action.Name, action.Timeout, exception);
        }
    }

    private static Exception Classify(Exception exception, IUpgradeAction action, CancellationToken caller, CancellationTokenSource budgetSource, TimeSpan budget)
    {
        if (exception is OperationCanceledException && !caller.IsCancellationRequested && budgetSource.IsCancellationRequested)
        {
            return new ActionTimeoutException(ExecutorConstants.UpgradeBudgetName, budget, exception);
        }

        if (exception is OperationCanceledException && caller.IsCancellationRequested)
        {
            return new OperationCanceledException($"The upgrade was cancelled during '{action.Name}'.", exception, caller);
        }

        return exception;
    }

    private async Task ReportAsync(int index, IUpgradeAction action, bool compensating, CancellationToken cancellationToken)
    {
        var phase = UpgradePhases.ForAction(action.Name, _phase ?? UpgradePhase.Preparing);
        var now = Time.GetUtcNow();
        try
        {
            if (phase != _phase)
            {
                var change = new UpgradePhaseChange { UpgradeId = UpgradeId, Previous = _phase, Phase = phase, Timestamp = now };
                _phase = phase;
                await _observer.OnPhaseChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }

            var heartbeat = new UpgradeHeartbeat
            {
                UpgradeId = UpgradeId,
                Phase = phase,
                ActionIndex = index,
                ActionName = action.Name,
                ProgressPercent = index * 100 / _actions.Count,
                IsCompensating = compensating,
                Timestamp = now,
            };
            await _observer.OnHeartbeatAsync(heartbeat, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!IsFatal(exception) && !cancellationToken.IsCancellationRequested)
        {
            Logger.ObserverFailed(UpgradeId, exception);
        }
    }

    private Task SaveCheckpointAsync(CheckpointMode mode, string? inProgress, CancellationToken cancellationToken)
        => _executor.Checkpoints.SaveAsync(
            new UpgradeCheckpoint
            {
                UpgradeId = UpgradeId,
                InputHash = _fingerprint,
                Mode = mode,
                CompletedActions = [.. _completed],
                SkippedActions = [.. _skipped],
                InProgressAction = inProgress,
                UpdatedAt = Time.GetUtcNow(),
                FailedAction = _failedAction,
                Error = _error,
                CompensatedActions = [.. _compensated],
            },
            cancellationToken);

    private async Task TrySaveCompensationCheckpointAsync()
    {
        try
        {
            await SaveCheckpointAsync(CheckpointMode.Compensating, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (!IsFatal(exception))
        {
            // Compensating matters more than recording it: a crash now replays compensations, which are idempotent.
            Logger.CheckpointSaveFailed(UpgradeId, exception);
        }
    }

    private void RecordDuration(string actionName, long startedAt, string outcome)
        => _executor.Metrics.ActionDuration.Record(
            Time.GetElapsedTime(startedAt).TotalSeconds,
            new KeyValuePair<string, object?>(ExecutorDiagnostics.ActionNameTag, actionName),
            new KeyValuePair<string, object?>(ExecutorDiagnostics.OutcomeTag, outcome));

    private int IndexOf(string name)
    {
        for (var i = 0; i < _actions.Count; i++)
        {
            if (string.Equals(_actions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsFatal(Exception exception) => exception is OutOfMemoryException or StackOverflowException or AccessViolationException;
}
