using System.Text.Json;

namespace Upgrade.Samples.Agent;

/// <summary>
/// Appends one JSON line per mutating runtime call that completed (stop, start, install, config write, restore, reload)
/// to an audit file, so that an operator (or a test) can check that no step ran twice.
/// </summary>
internal sealed class AuditingRuntimeAdapter(IRuntimeAdapter inner, string path) : IRuntimeAdapter
{
    private static readonly Lock FileLock = new();

    public string ServiceName => inner.ServiceName;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await inner.StartAsync(cancellationToken);
        Record("start", null);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await inner.StopAsync(cancellationToken);
        Record("stop", null);
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await inner.RestartAsync(cancellationToken);
        Record("restart", null);
    }

    public Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken) => inner.GetStatusAsync(cancellationToken);

    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target) => inner.GetArtifactHandle(artifact, target);

    public Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) =>
        inner.AcquireArtifactAsync(artifact, target, cancellationToken);

    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) =>
        inner.IsArtifactAcquiredAsync(artifact, target, cancellationToken);

    public Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken) =>
        inner.VerifyArtifactAsync(handle, checksum, cancellationToken);

    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken) => inner.DiscardArtifactAsync(handle, cancellationToken);

    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken) =>
        inner.IsArtifactInstalledAsync(target, checksum, cancellationToken);

    public async Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken)
    {
        await inner.InstallArtifactAsync(handle, target, cancellationToken);
        Record("install", target);
    }

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) => inner.BackupStateAsync(request, cancellationToken);

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) => inner.IsBackedUpAsync(backupDirectory, cancellationToken);

    public async Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken)
    {
        await inner.RestoreStateAsync(backupDirectory, scope, cancellationToken);
        Record("restore", scope.ToString());
    }

    public async Task WriteConfigAsync(string path1, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await inner.WriteConfigAsync(path1, content, cancellationToken);
        Record("write_config", path1);
    }

    public Task<bool> IsConfigWrittenAsync(string path1, string expectedChecksum, CancellationToken cancellationToken) =>
        inner.IsConfigWrittenAsync(path1, expectedChecksum, cancellationToken);

    public async Task ReloadDaemonAsync(CancellationToken cancellationToken)
    {
        await inner.ReloadDaemonAsync(cancellationToken);
        Record("reload", null);
    }

    private void Record(string call, string? target)
    {
        var line = JsonSerializer.Serialize(new { call, target, pid = Environment.ProcessId }) + "\n";
        lock (FileLock)
        {
            File.AppendAllText(path, line);
        }
    }
}
