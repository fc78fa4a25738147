namespace Upgrade.Executor;

/// <summary>Starts the service on the new version.</summary>
internal sealed class StartNodeAction : IUpgradeAction
{
    public string Name => ActionNames.StartNode;

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.StartAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var status = await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return status.IsRunning;
    }

    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
}
