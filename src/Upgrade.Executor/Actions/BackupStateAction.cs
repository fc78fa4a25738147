namespace Upgrade.Executor;

/// <summary>Saves the installed artifact and the configs the upgrade will write, before anything changes.</summary>
[NoCompensation("The backup is kept for investigation and is the source of every other compensation.")]
internal sealed class BackupStateAction : IUpgradeAction
{
    public string Name => ActionNames.BackupState;

    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var request = new BackupRequest
        {
            BackupDirectory = parameters.BackupDirectory,
            UpgradeId = parameters.UpgradeId,
            InstallTarget = parameters.InstallTarget,
            ConfigPaths = [.. parameters.ConfigFiles.Select(f => f.Path).Union(parameters.RevertConfigPaths, StringComparer.Ordinal)],
        };
        await runtime.BackupStateAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.IsBackedUpAsync(parameters.BackupDirectory, cancellationToken).ConfigureAwait(false);

    public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => Task.CompletedTask;
}
