namespace Upgrade.Executor;

/// <summary>Writes the new configuration files, each atomically.</summary>
internal sealed class WriteConfigsAction : IUpgradeAction
{
    public string Name => ActionNames.WriteConfigs;

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        if (IsRevert(parameters))
        {
            // A rollback puts back the configs the reverted upgrade replaced, from that upgrade's own backup.
            await runtime.RestoreStateAsync(parameters.RevertBackupDirectory!, RestoreScope.Configs, cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in parameters.ConfigFiles)
        {
            await runtime.WriteConfigAsync(file.Path, file.Content, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        if (IsRevert(parameters))
        {
            // Restoring is verified and idempotent; the previous content is only known to the backup.
            return false;
        }

        foreach (var file in parameters.ConfigFiles)
        {
            if (!await runtime.IsConfigWrittenAsync(file.Path, file.Checksum, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    // Runs before the binary is restored and before the service starts: the old binary never meets the new config.
    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.ConfigFiles.Count == 0 && !IsRevert(parameters))
        {
            return;
        }

        await runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.Configs, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsRevert(ActionParams parameters) => parameters.RevertBackupDirectory is not null && parameters.RevertConfigPaths.Count > 0;
}
