namespace Upgrade.CrashMatrix.AgentHost;

/// <summary>
/// Passes every call to the real adapter, traces the mutating ones, and at <c>mid:A</c> / <c>comp-mid:A</c> leaves the
/// first mutating call of A in flight while the host blocks: the kill lands in the middle of a real side effect.
/// </summary>
internal sealed class CrashingRuntimeAdapter(IRuntimeAdapter inner) : IRuntimeAdapter
{
    public string ServiceName => inner.ServiceName;

    public Task StartAsync(CancellationToken cancellationToken) => MutateAsync(nameof(StartAsync), () => inner.StartAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => MutateAsync(nameof(StopAsync), () => inner.StopAsync(cancellationToken));

    public Task RestartAsync(CancellationToken cancellationToken) => MutateAsync(nameof(RestartAsync), () => inner.RestartAsync(cancellationToken));

    public Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken) => inner.GetStatusAsync(cancellationToken);

    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target) => inner.GetArtifactHandle(artifact, target);

    public async Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArtifactHandle? handle = null;
        await MutateAsync(nameof(AcquireArtifactAsync), async () => handle = await inner.AcquireArtifactAsync(artifact, target, cancellationToken));
        return handle!;
    }

    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) => inner.IsArtifactAcquiredAsync(artifact, target, cancellationToken);

    public Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken) => inner.VerifyArtifactAsync(handle, checksum, cancellationToken);

    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken) => MutateAsync(nameof(DiscardArtifactAsync), () => inner.DiscardArtifactAsync(handle, cancellationToken));

    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken) => inner.IsArtifactInstalledAsync(target, checksum, cancellationToken);

    public Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken) => MutateAsync(nameof(InstallArtifactAsync), () => inner.InstallArtifactAsync(handle, target, cancellationToken));

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) => MutateAsync(nameof(BackupStateAsync), () => inner.BackupStateAsync(request, cancellationToken));

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) => inner.IsBackedUpAsync(backupDirectory, cancellationToken);

    public Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken) => MutateAsync(nameof(RestoreStateAsync) + "(" + scope + ")", () => inner.RestoreStateAsync(backupDirectory, scope, cancellationToken));

    public Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => MutateAsync(nameof(WriteConfigAsync) + "(" + Path.GetFileName(path) + ")", () => inner.WriteConfigAsync(path, content, cancellationToken));

    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken) => inner.IsConfigWrittenAsync(path, expectedChecksum, cancellationToken);

    public Task ReloadDaemonAsync(CancellationToken cancellationToken) => MutateAsync(nameof(ReloadDaemonAsync), () => inner.ReloadDaemonAsync(cancellationToken));

    private static async Task MutateAsync(string member, Func<Task> call)
    {
        CrashSwitch.Trace("call " + member);
        if (CrashSwitch.MidPoint() is { } point)
        {
            // Started, not awaited: the effect is under way when the host blocks and is killed.
            _ = Task.Run(call);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 30)));
            CrashSwitch.Block(point);
        }

        await call();
    }
}
