namespace Upgrade.Executor;

/// <summary>Checks that the acquired artifact has the required checksum.</summary>
[NoCompensation("Verification only reads the artifact.")]
internal sealed class VerifyArtifactAction : IUpgradeAction
{
    public string Name => ActionNames.VerifyArtifact;

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
    {
        var handle = runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget);
        await runtime.VerifyArtifactAsync(handle, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);
    }

    // Verification is safe to repeat, so it always runs, except when the artifact already sits verified on its target.
    public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);

    public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        => Task.CompletedTask;
}
