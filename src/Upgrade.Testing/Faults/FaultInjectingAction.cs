namespace Upgrade.Testing;

/// <summary>
/// Wraps an <see cref="IUpgradeAction"/> and injects a fault at a <see cref="FaultPoint"/>: an exception (the action
/// fails) or a crash (the action blocks forever, as if the process died there; the executor that ran it must be
/// abandoned and a new one started on the same stores).
/// </summary>
public sealed class FaultInjectingAction : IUpgradeAction
{
    private readonly IUpgradeAction _inner;
    private readonly FaultPoint _point;
    private readonly bool _crash;
    private readonly TaskCompletionSource _struck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FaultInjectingAction(IUpgradeAction inner, FaultPoint point, bool crash)
    {
        _inner = inner;
        _point = point;
        _crash = crash;
    }

    // A decorator takes the name and budget of the action it wraps; they are the wrapped action's constants.
#pragma warning disable UPG001, UPG002

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <inheritdoc/>
    public TimeSpan Timeout => _inner.Timeout;
#pragma warning restore UPG001, UPG002

    /// <summary>Gets a task that completes when the fault has struck.</summary>
    public Task Struck => _struck.Task;

    /// <summary>Creates a wrapper that throws <see cref="InjectedFaultException"/> at the point.</summary>
    /// <param name="inner">The action.</param>
    /// <param name="point">Where the fault strikes.</param>
    /// <returns>The wrapper.</returns>
    public static FaultInjectingAction Failing(IUpgradeAction inner, FaultPoint point) => new(inner, point, crash: false);

    /// <summary>Creates a wrapper that blocks forever at the point, ignoring cancellation, like a killed process.</summary>
    /// <param name="inner">The action.</param>
    /// <param name="point">Where the crash strikes.</param>
    /// <returns>The wrapper.</returns>
    public static FaultInjectingAction Crashing(IUpgradeAction inner, FaultPoint point) => new(inner, point, crash: true);

    /// <summary>Replaces the action named <paramref name="actionName"/> in a sequence by a wrapper.</summary>
    /// <param name="actions">The sequence.</param>
    /// <param name="actionName">The action to wrap.</param>
    /// <param name="wrap">Creates the wrapper.</param>
    /// <param name="wrapper">The wrapper created.</param>
    /// <typeparam name="TWrapper">The type of the wrapper.</typeparam>
    /// <returns>The new sequence.</returns>
    public static IReadOnlyList<IUpgradeAction> Inject<TWrapper>(IReadOnlyList<IUpgradeAction> actions, string actionName, Func<IUpgradeAction, TWrapper> wrap, out TWrapper wrapper)
        where TWrapper : class, IUpgradeAction
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(wrap);
        var result = new List<IUpgradeAction>(actions.Count);
        TWrapper? created = null;
        foreach (var action in actions)
        {
            if (string.Equals(action.Name, actionName, StringComparison.Ordinal))
            {
                created = wrap(action);
                result.Add(created);
            }
            else
            {
                result.Add(action);
            }
        }

        wrapper = created ?? throw new ArgumentException($"No action named '{actionName}'.", nameof(actionName));
        return result;
    }

    /// <inheritdoc/>
    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        await StrikeIfAsync(FaultPoint.BeforeExecute).ConfigureAwait(false);
        await _inner.ExecuteAsync(runtime, parameters, cancellationToken).ConfigureAwait(false);
        await StrikeIfAsync(FaultPoint.AfterExecute).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => _point is FaultPoint.BeforeExecute or FaultPoint.AfterExecute
            ? ValueTask.FromResult(false) // the fault must strike: never let the check skip the action
            : _inner.IsAlreadyDoneAsync(runtime, parameters, cancellationToken);

    /// <inheritdoc/>
    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        await StrikeIfAsync(FaultPoint.BeforeCompensate).ConfigureAwait(false);
        await _inner.CompensateAsync(runtime, parameters, cancellationToken).ConfigureAwait(false);
        await StrikeIfAsync(FaultPoint.AfterCompensate).ConfigureAwait(false);
    }

    private async Task StrikeIfAsync(FaultPoint point)
    {
        if (point != _point || _struck.Task.IsCompleted)
        {
            return;
        }

        _struck.TrySetResult();
        if (_crash)
        {
            // A dead process does nothing more: block forever, deaf to cancellation.
            await new TaskCompletionSource().Task.ConfigureAwait(false);
        }

        throw new InjectedFaultException($"Injected fault in '{Name}' at {point}.");
    }
}
