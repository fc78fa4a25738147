using System.Collections.Concurrent;
using Upgrade.Testing;

namespace Upgrade.HostileInput.Tests;

/// <summary>Forwards to a real adapter and records every member called, so a test can assert that none changed the node.</summary>
public sealed class CountingRuntimeAdapter(IRuntimeAdapter inner) : IRuntimeAdapter
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Gets the calls to members that change the node (the same set as <see cref="InMemoryRuntimeAdapter.MutatingMembers"/>).</summary>
    public IReadOnlyList<string> MutatingCalls => [.. _calls.Where(InMemoryRuntimeAdapter.MutatingMembers.Contains)];

    public string ServiceName => inner.ServiceName;

    public Task StartAsync(CancellationToken cancellationToken) => Record(nameof(StartAsync), () => inner.StartAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => Record(nameof(StopAsync), () => inner.StopAsync(cancellationToken));

    public Task RestartAsync(CancellationToken cancellationToken) => Record(nameof(RestartAsync), () => inner.RestartAsync(cancellationToken));

    public Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken) => Record(nameof(GetStatusAsync), () => inner.GetStatusAsync(cancellationToken));

    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target)
    {
        _calls.Enqueue(nameof(GetArtifactHandle));
        return inner.GetArtifactHandle(artifact, target);
    }

    public Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) =>
        Record(nameof(AcquireArtifactAsync), () => inner.AcquireArtifactAsync(artifact, target, cancellationToken));

    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) =>
        Record(nameof(IsArtifactAcquiredAsync), () => inner.IsArtifactAcquiredAsync(artifact, target, cancellationToken));

    public Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken) =>
        Record(nameof(VerifyArtifactAsync), () => inner.VerifyArtifactAsync(handle, checksum, cancellationToken));

    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken) =>
        Record(nameof(DiscardArtifactAsync), () => inner.DiscardArtifactAsync(handle, cancellationToken));

    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken) =>
        Record(nameof(IsArtifactInstalledAsync), () => inner.IsArtifactInstalledAsync(target, checksum, cancellationToken));

    public Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken) =>
        Record(nameof(InstallArtifactAsync), () => inner.InstallArtifactAsync(handle, target, cancellationToken));

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) =>
        Record(nameof(BackupStateAsync), () => inner.BackupStateAsync(request, cancellationToken));

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) =>
        Record(nameof(IsBackedUpAsync), () => inner.IsBackedUpAsync(backupDirectory, cancellationToken));

    public Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken) =>
        Record(nameof(RestoreStateAsync), () => inner.RestoreStateAsync(backupDirectory, scope, cancellationToken));

    public Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        Record(nameof(WriteConfigAsync), () => inner.WriteConfigAsync(path, content, cancellationToken));

    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken) =>
        Record(nameof(IsConfigWrittenAsync), () => inner.IsConfigWrittenAsync(path, expectedChecksum, cancellationToken));

    public Task ReloadDaemonAsync(CancellationToken cancellationToken) => Record(nameof(ReloadDaemonAsync), () => inner.ReloadDaemonAsync(cancellationToken));

    private T Record<T>(string member, Func<T> call)
    {
        _calls.Enqueue(member);
        return call();
    }
}
