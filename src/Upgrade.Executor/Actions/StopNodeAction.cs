namespace Upgrade.Executor;

/// <summary>Stops the service so that its binary and configs can be replaced.</summary>
internal sealed class StopNodeAction : IUpgradeAction
{
    public string Name => ActionNames.StopNode;

    public TimeSpan Timeout => TimeSpan.FromSeconds(60);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var status = await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return !status.IsRunning;
    }

    // Runs last in a compensation, after binary and configs are restored, so the old version starts with its own config.
    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
}
