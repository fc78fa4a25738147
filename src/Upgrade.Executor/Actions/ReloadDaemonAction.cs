namespace Upgrade.Executor;

/// <summary>Makes the runtime reload service definitions after the configs changed.</summary>
internal sealed class ReloadDaemonAction : IUpgradeAction
{
    public string Name => ActionNames.ReloadDaemon;

    public TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.ReloadDaemonAsync(cancellationToken).ConfigureAwait(false);

    // Reloading is safe to repeat, so it always runs.
    public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => ValueTask.FromResult(false);

    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.ReloadDaemonAsync(cancellationToken).ConfigureAwait(false);
}
