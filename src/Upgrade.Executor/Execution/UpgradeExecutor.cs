using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Executor;

/// <summary>
/// Runs an upgrade's actions in order against a runtime adapter: skips what is already done, bounds every action by its
/// timeout and the whole upgrade by a budget, checkpoints progress, and on failure compensates in reverse order.
/// </summary>
/// <remarks>
/// <para>Idempotency has three layers. (1) An upgrade id that already ended returns its stored outcome and touches
/// nothing. (2) A checkpoint with the same inputs resumes after its last completed action; one older than
/// <see cref="UpgradeExecutorOptions.CheckpointTtl"/> falls through to (3): each action's
/// <see cref="IUpgradeAction.IsAlreadyDoneAsync"/> check against the node. An upgrade id reused with other inputs is
/// refused with <see cref="UpgradeInputMismatchException"/>.</para>
/// <para>On failure, the failing action (whose effect may be partial) and then every completed action are compensated
/// in reverse order. Compensation is not cancelled with the caller's token: a cancelled upgrade is compensated to the
/// end, never left half-done. A compensation that fails stops compensation and ends in
/// <see cref="UpgradeRollbackFailed"/>.</para>
/// <para>Executions of the same upgrade id through one executor run one at a time; a duplicate waits and then
/// receives the first one's outcome.</para>
/// </remarks>
public sealed class UpgradeExecutor
{
    private readonly ICompletedUpgradeStore _completed;
    private readonly ICheckpointStore _checkpoints;
    private readonly UpgradeLocks _locks = new();

    /// <summary>Initializes a new instance of the <see cref="UpgradeExecutor"/> class.</summary>
    /// <param name="completed">Layer 1: the store of ended upgrades.</param>
    /// <param name="checkpoints">Layer 2: the store of checkpoints.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The source of time; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; no logging when <see langword="null"/>.</param>
    /// <param name="meterFactory">The meter factory for the executor's metrics; a private meter when <see langword="null"/>.</param>
    public UpgradeExecutor(
        ICompletedUpgradeStore completed,
        ICheckpointStore checkpoints,
        UpgradeExecutorOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(checkpoints);
        _completed = completed;
        _checkpoints = checkpoints;
        Options = options ?? new UpgradeExecutorOptions();
        UpgradeExecutorOptionsValidation.ThrowIfInvalid(Options);
        Time = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<UpgradeExecutor>();
        Metrics = new ExecutorMetrics(meterFactory);
    }

    internal UpgradeExecutorOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal ExecutorMetrics Metrics { get; }

    internal ICheckpointStore Checkpoints => _checkpoints;

    /// <summary>Runs an upgrade, resumes it, or returns its outcome when it already ended.</summary>
    /// <param name="actions">The actions, in order; usually <see cref="UpgradeActions.CreateDefault"/>.</param>
    /// <param name="runtime">The runtime adapter of the node.</param>
    /// <param name="parameters">The parameters of the upgrade.</param>
    /// <param name="observer">Receives phase changes and heartbeats; none when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the upgrade: the running action is stopped and the upgrade compensated.</param>
    /// <returns>How the upgrade ended.</returns>
    /// <exception cref="UpgradeInputMismatchException">The upgrade id was used before with other inputs.</exception>
    public async Task<UpgradeOutcome> ExecuteAsync(
        IReadOnlyList<IUpgradeAction> actions,
        IRuntimeAdapter runtime,
        ActionParams parameters,
        IUpgradeProgressObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(parameters);
        ValidateActions(actions);

        var upgradeId = parameters.UpgradeId;
        var fingerprint = UpgradeInputs.Fingerprint(actions, parameters);
        using var activity = ExecutorDiagnostics.ActivitySource.StartActivity("upgrade.execute", ActivityKind.Internal);

        using (await _locks.AcquireAsync(upgradeId, cancellationToken).ConfigureAwait(false))
        {
            var ended = await _completed.GetAsync(upgradeId, cancellationToken).ConfigureAwait(false);
            if (ended is not null)
            {
                ThrowIfInputsDiffer(upgradeId, ended.InputHash, fingerprint);

                // A crash between recording the outcome and removing the checkpoint leaves the checkpoint behind.
                await _checkpoints.DeleteAsync(upgradeId, cancellationToken).ConfigureAwait(false);
                Logger.UpgradeReplayed(upgradeId, ended.Outcome.Status);
                activity?.SetTag(ExecutorDiagnostics.OutcomeTag, "replay");
                return ended.Outcome with { IsReplay = true };
            }

            var checkpoint = await _checkpoints.GetAsync(upgradeId, cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null)
            {
                ThrowIfInputsDiffer(upgradeId, checkpoint.InputHash, fingerprint);
            }

            Logger.UpgradeStarting(upgradeId, parameters.BinaryName, parameters.TargetVersion);
            var run = new UpgradeRun(this, actions, runtime, parameters, observer ?? NullUpgradeProgressObserver.Instance, fingerprint);
            var outcome = await run.RunAsync(checkpoint, cancellationToken).ConfigureAwait(false);

            // The outcome is recorded even when the caller gave up: the node's state is settled, and a redelivery must see it.
            await _completed.SaveAsync(new CompletedUpgrade { UpgradeId = upgradeId, InputHash = fingerprint, Outcome = outcome }, CancellationToken.None).ConfigureAwait(false);
            await _checkpoints.DeleteAsync(upgradeId, CancellationToken.None).ConfigureAwait(false);

            Logger.UpgradeEnded(upgradeId, outcome.Status);
            Metrics.Upgrades.Add(1, new KeyValuePair<string, object?>(ExecutorDiagnostics.OutcomeTag, OutcomeTagValue(outcome)));
            activity?.SetTag(ExecutorDiagnostics.OutcomeTag, OutcomeTagValue(outcome));
            return outcome;
        }
    }

    internal static string OutcomeTagValue(UpgradeOutcome outcome) => outcome switch
    {
        UpgradeSucceeded => "succeeded",
        UpgradeCompensated => "compensated",
        _ => "rollback_failed",
    };

    private static void ThrowIfInputsDiffer(string upgradeId, string stored, string current)
    {
        var field = UpgradeInputs.FirstDifference(stored, current);
        if (field is not null)
        {
            throw new UpgradeInputMismatchException(upgradeId, field);
        }
    }

    private static void ValidateActions(IReadOnlyList<IUpgradeAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("An upgrade needs at least one action.", nameof(actions));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            if (!names.Add(action.Name))
            {
                throw new ArgumentException($"The action name '{action.Name}' appears twice; action names must be unique within an upgrade.", nameof(actions));
            }

            if (action.Timeout <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The action '{action.Name}' has a timeout of {action.Timeout}; timeouts must be positive.", nameof(actions));
            }
        }
    }
}
