namespace Upgrade.Benchmarks.Executor;

/// <summary>A runtime adapter whose members return at once: an upgrade through it costs only the executor's own work.</summary>
public sealed class InstantRuntimeAdapter : IRuntimeAdapter
{
    private static readonly Task<bool> No = Task.FromResult(false);
    private static readonly Task<RuntimeStatus> Running = Task.FromResult(new RuntimeStatus { IsRunning = true, State = "active/running" });

    private bool _running = true;

    public string ServiceName => "instant";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        return Task.CompletedTask;
    }

    public Task RestartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The stop action is skipped when the service is not running, so the status follows start and stop.
    public Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
        => _running ? Running : Task.FromResult(new RuntimeStatus { IsRunning = false, State = "inactive/dead" });

    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target) => new() { Location = target + ".download", Checksum = artifact.Checksum };

    public Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
        => Task.FromResult(GetArtifactHandle(artifact, target));

    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) => No;

    public Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken) => No;

    public Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) => No;

    public Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken) => No;

    public Task ReloadDaemonAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
