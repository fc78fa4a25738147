namespace Upgrade.Executor;

/// <summary>Puts the acquired artifact in place of the installed one.</summary>
internal sealed class InstallArtifactAction : IUpgradeAction
{
    public string Name => ActionNames.InstallArtifact;

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var handle = runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget);
        await runtime.InstallArtifactAsync(handle, parameters.InstallTarget, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);

    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.Artifact, cancellationToken).ConfigureAwait(false);
}
