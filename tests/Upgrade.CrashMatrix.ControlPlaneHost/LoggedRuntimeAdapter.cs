namespace Upgrade.CrashMatrix.ControlPlaneHost;

/// <summary>
/// A runtime whose whole state is its node log: mutating calls append a line, queries read the log back. It survives a
/// kill of the process exactly as a real node's service, binary and files would.
/// </summary>
internal sealed class LoggedRuntimeAdapter(string nodeDirectory, string initialChecksum) : IRuntimeAdapter
{
    /// <summary>The upgrade the current call belongs to; set by <see cref="TaggingAgent"/>.</summary>
    public static readonly AsyncLocal<string?> CurrentUpgrade = new();

    private readonly Lock _gate = new();

    public string ServiceName => "node";

    public Task StartAsync(CancellationToken cancellationToken) => Mutate("start", "-");

    public Task StopAsync(CancellationToken cancellationToken) => Mutate("stop", "-");

    public Task RestartAsync(CancellationToken cancellationToken) => Mutate("restart", "-");

    public Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var last = Entries().LastOrDefault(e => e.Step is "start" or "stop" or "restart");
        var running = last is null || last.Step != "stop";
        return Task.FromResult(new RuntimeStatus { IsRunning = running, State = running ? "active" : "inactive" });
    }

    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target) => new() { Location = target + ".new", Checksum = artifact.Checksum };

    public async Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        await Mutate("acquire", artifact.Checksum).ConfigureAwait(false);
        return GetArtifactHandle(artifact, target);
    }

    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken) => Task.FromResult(IsAcquired(artifact.Checksum));

    public Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken) =>
        IsAcquired(checksum) && handle.Checksum == checksum ? Task.CompletedTask : Task.FromException(new ArtifactVerificationException($"No acquired artifact with checksum {checksum}."));

    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken) => IsAcquired(handle.Checksum) ? Mutate("discard", handle.Checksum) : Task.CompletedTask;

    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken) => Task.FromResult(InstalledChecksum() == checksum);

    public Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken) => Mutate("install", handle.Checksum);

    public Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken) => Mutate("backup", request.BackupDirectory);

    public Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken) =>
        Task.FromResult(Entries().Any(e => e.Step == "backup" && e.Argument == backupDirectory));

    public Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken) => Mutate("restore", backupDirectory + "#" + scope);

    public Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => Mutate("config", path + "#" + Sha256Checksum.Compute(content.Span));

    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken) =>
        Task.FromResult(Entries().LastOrDefault(e => e.Step == "config" && e.Argument.StartsWith(path + "#", StringComparison.Ordinal))?.Argument == path + "#" + expectedChecksum);

    public Task ReloadDaemonAsync(CancellationToken cancellationToken) => Mutate("reload", "-");

    /// <summary>The checksum the node carries: that of its last install, or its initial one.</summary>
    public string InstalledChecksum() => Entries().LastOrDefault(e => e.Step == "install")?.Argument ?? initialChecksum;

    private bool IsAcquired(string checksum)
    {
        var last = Entries().LastOrDefault(e => e.Argument == checksum && e.Step is "acquire" or "discard");
        return last?.Step == "acquire";
    }

    private IReadOnlyList<NodeLogEntry> Entries()
    {
        lock (_gate)
        {
            return NodeLog.Read(nodeDirectory);
        }
    }

    private Task Mutate(string step, string argument)
    {
        lock (_gate)
        {
            NodeLog.Append(nodeDirectory, CurrentUpgrade.Value ?? "-", step, argument);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Tags every runtime call made for an upgrade with its id, so that the node log counts calls per upgrade.</summary>
internal sealed class TaggingAgent(IUpgradeAgent inner) : IUpgradeAgent
{
    public async Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        LoggedRuntimeAdapter.CurrentUpgrade.Value = payload.UpgradeId;
        return await inner.HandleAsync(payload, observer, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken) => inner.GetOutcomeAsync(upgradeId, cancellationToken);
}
