namespace Upgrade.CrashMatrix.AgentHost;

/// <summary>
/// Blocks at the armed point before, inside and after an action, and before and after its compensation; optionally
/// fails the action at its start (an injected, persistent failure, the same on every run).
/// </summary>
internal sealed class CrashingAction(IUpgradeAction inner, bool fail) : IUpgradeAction
{
    public string Name => inner.Name;

    public TimeSpan Timeout => inner.Timeout;

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        Enter(compensating: false);
        CrashSwitch.Hit(CrashPoints.Of(CrashPoints.Before, Name));
        var done = await inner.IsAlreadyDoneAsync(runtime, parameters, cancellationToken);
        CrashSwitch.Trace($"already-done {Name} {done}");
        return done;
    }

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        Enter(compensating: false);
        CrashSwitch.Hit(CrashPoints.Of(CrashPoints.Inside, Name));
        CrashSwitch.Trace("execute " + Name);
        if (fail)
        {
            throw new InvalidOperationException($"Injected failure at the start of {Name}.");
        }

        await inner.ExecuteAsync(runtime, parameters, cancellationToken);
        CrashSwitch.Hit(CrashPoints.Of(CrashPoints.After, Name));
    }

    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        Enter(compensating: true);
        CrashSwitch.Hit(CrashPoints.Of(CrashPoints.CompensationBefore, Name));
        CrashSwitch.Trace("compensate " + Name);
        await inner.CompensateAsync(runtime, parameters, cancellationToken);
        CrashSwitch.Trace("compensated " + Name);
        CrashSwitch.Hit(CrashPoints.Of(CrashPoints.CompensationAfter, Name));
    }

    private void Enter(bool compensating)
    {
        CrashSwitch.CurrentAction = Name;
        CrashSwitch.Compensating = compensating;
    }
}
