namespace Upgrade.Executor;

/// <summary>Downloads or pulls the new artifact next to its target.</summary>
internal sealed class AcquireArtifactAction : IUpgradeAction
{
    public string Name => ActionNames.AcquireArtifact;

    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.AcquireArtifactAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken).ConfigureAwait(false);

    // Once installed, the acquired copy has been renamed onto the target: acquiring again would only leave a stray file.
    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.IsArtifactAcquiredAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken).ConfigureAwait(false)
           || await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);

    public async Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var handle = runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget);
        await runtime.DiscardArtifactAsync(handle, cancellationToken).ConfigureAwait(false);
    }
}
