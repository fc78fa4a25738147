using System.Text.Json;

namespace Upgrade.Samples.Agent;

/// <summary>
/// Appends two JSON lines per mutating runtime call (stop, start, install, config write, restore, reload) to an audit
/// file: one when the call begins and one when it has completed, so that an operator (or a test) can check that no step
/// ran twice. A process killed inside a call leaves a begin line without its end: the side effect may or may not have
/// happened, and that is what the executor decides on its next run.
/// </summary>
internal sealed class AuditingRuntimeAdapter(IRuntimeAdapter inner, string auditFile) : IRuntimeAdapter
{
    private static readonly Lock FileLock = new();

    public string ServiceName => inner.ServiceName;

    public Task StartAsync(CancellationToken cancellationToken) =>
        AuditAsync("start", null, () => inner.StartAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) =>
        AuditAsync("stop", null, () => inner.StopAsync(cancellationToken));

    public Task RestartAsync(CancellationToken cancellationToken) =>
        AuditAsync("restart", null, () => inner.RestartAsync(cancellationToken));

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

    public Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken) =>
        AuditAsync("install", target, () => inner.InstallArtifactAsync(handle, target, cancellationToken));

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) => inner.BackupStateAsync(request, cancellationToken);

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) => inner.IsBackedUpAsync(backupDirectory, cancellationToken);

    public Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken) =>
        AuditAsync("restore", scope.ToString(), () => inner.RestoreStateAsync(backupDirectory, scope, cancellationToken));

    public Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        AuditAsync("write_config", path, () => inner.WriteConfigAsync(path, content, cancellationToken));

    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken) =>
        inner.IsConfigWrittenAsync(path, expectedChecksum, cancellationToken);

    public Task ReloadDaemonAsync(CancellationToken cancellationToken) =>
        AuditAsync("reload", null, () => inner.ReloadDaemonAsync(cancellationToken));

    private async Task AuditAsync(string call, string? target, Func<Task> mutate)
    {
        Record(call, target, "begin");
        await mutate();
        Record(call, target, "end");
    }

    private void Record(string call, string? target, string stage)
    {
        var line = JsonSerializer.Serialize(new { call, target, stage, pid = Environment.ProcessId }) + "\n";
        lock (FileLock)
        {
            File.AppendAllText(auditFile, line);
        }
    }
}
