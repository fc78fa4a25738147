using System.Collections.Concurrent;
using System.Text;

namespace Upgrade.Testing;

/// <summary>
/// A scriptable <see cref="IRuntimeAdapter"/> that models one node in memory: its installed artifact, configuration
/// files, running state, acquired artifacts and backups. Any member can be made to fail or hang on its Nth call, and
/// every call is recorded, for unit tests of actions, executors and control planes.
/// </summary>
public sealed class InMemoryRuntimeAdapter : IRuntimeAdapter
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, byte[]> _remoteArtifacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _acquired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Backup> _backups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _crashingChecksums = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, int> _callCounts = new(StringComparer.Ordinal);
    private readonly List<Fault> _faults = [];
    private string? _installTarget;
    private bool _running;
    private string? _runningChecksum;
    private int _restartCount;
    private int _instance;

    /// <summary>Initializes a new instance of the <see cref="InMemoryRuntimeAdapter"/> class.</summary>
    /// <param name="serviceName">The name of the modelled service.</param>
    public InMemoryRuntimeAdapter(string serviceName = "node")
    {
        ServiceName = serviceName;
    }

    /// <summary>The names of the members that change the node.</summary>
    public static IReadOnlySet<string> MutatingMembers { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(StartAsync), nameof(StopAsync), nameof(RestartAsync), nameof(AcquireArtifactAsync), nameof(DiscardArtifactAsync),
        nameof(InstallArtifactAsync), nameof(BackupStateAsync), nameof(RestoreStateAsync), nameof(WriteConfigAsync), nameof(ReloadDaemonAsync),
    };

    /// <inheritdoc/>
    public string ServiceName { get; }

    /// <summary>Gets every member called, in order, with its main argument (for example <c>WriteConfigAsync /etc/a.toml</c>).</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Gets the calls to members that change the node.</summary>
    public IReadOnlyList<string> MutatingCalls => [.. Calls.Where(c => MutatingMembers.Contains(c.Split(' ')[0]))];

    /// <summary>Gets a value indicating whether the service runs.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Gets how many times the service was started or restarted.</summary>
    public int StartCount { get; private set; }

    /// <summary>Publishes an artifact at a source, as an artifact server would.</summary>
    /// <param name="source">The URL or image reference.</param>
    /// <param name="content">The artifact's bytes.</param>
    /// <returns>The artifact's checksum.</returns>
    public string PublishArtifact(string source, byte[] content)
    {
        _remoteArtifacts[source] = content;
        return Sha256Checksum.Compute(content);
    }

    /// <summary>Sets the node's current state: installs an artifact, writes files, and starts or stops the service.</summary>
    /// <param name="installTarget">The install target.</param>
    /// <param name="artifact">The installed artifact's bytes.</param>
    /// <param name="configs">Configuration files by path.</param>
    /// <param name="running">Whether the service runs.</param>
    public void SetState(string installTarget, byte[] artifact, IReadOnlyDictionary<string, string>? configs = null, bool running = true)
    {
        lock (_gate)
        {
            _installTarget = installTarget;
            _files[installTarget] = artifact;
            foreach (var (path, content) in configs ?? new Dictionary<string, string>())
            {
                _files[path] = Encoding.UTF8.GetBytes(content);
            }

            _running = running;
            _runningChecksum = running ? Sha256Checksum.Compute(artifact) : null;
        }
    }

    /// <summary>Makes the service crash whenever it starts on the artifact with this checksum.</summary>
    /// <param name="checksum">The artifact's checksum.</param>
    public void CrashOnStart(string checksum)
    {
        lock (_gate)
        {
            _crashingChecksums.Add(checksum);
        }
    }

    /// <summary>Makes a member throw on its Nth call (counted from 1 over the adapter's lifetime).</summary>
    /// <param name="member">The member's name, for example <c>nameof(IRuntimeAdapter.InstallArtifactAsync)</c>.</param>
    /// <param name="call">The call that fails.</param>
    /// <param name="exception">The exception; a <see cref="RuntimeOperationException"/> when <see langword="null"/>.</param>
    /// <returns>This adapter.</returns>
    public InMemoryRuntimeAdapter FailOn(string member, int call = 1, Exception? exception = null)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(member, call, exception ?? new RuntimeOperationException($"Injected failure of {member} (call {call})."), Hang: false));
        }

        return this;
    }

    /// <summary>Makes a member hang on its Nth call until its cancellation token fires (or forever, if it never does).</summary>
    /// <param name="member">The member's name.</param>
    /// <param name="call">The call that hangs.</param>
    /// <returns>This adapter.</returns>
    public InMemoryRuntimeAdapter HangOn(string member, int call = 1)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(member, call, null, Hang: true));
        }

        return this;
    }

    /// <summary>Removes every scripted fault.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Reads a file of the node, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The file's content.</returns>
    public byte[]? ReadFile(string path)
    {
        lock (_gate)
        {
            return _files.TryGetValue(path, out var content) ? content : null;
        }
    }

    /// <summary>Changes a file in a backup, as an attacker or a disk fault would.</summary>
    /// <param name="backupDirectory">The backup directory.</param>
    /// <param name="path">The original path of the backed-up file.</param>
    /// <param name="content">The new content.</param>
    public void TamperWithBackup(string backupDirectory, string path, byte[] content)
    {
        lock (_gate)
        {
            _backups[backupDirectory].Files[path] = content;
        }
    }

    /// <summary>
    /// Describes the node's observable state: each file's checksum, whether the service runs and on which artifact,
    /// and leftovers (acquired artifacts not installed). Two equal snapshots mean the same node state.
    /// </summary>
    /// <returns>A comparable snapshot.</returns>
    public string Snapshot()
    {
        lock (_gate)
        {
            var builder = new StringBuilder();
            foreach (var (path, content) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                builder.Append("file ").Append(path).Append(' ').AppendLine(Sha256Checksum.Compute(content));
            }

            builder.Append("running ").Append(_running).Append(' ').AppendLine(_runningChecksum ?? "-");
            foreach (var acquired in _acquired.Keys.Order(StringComparer.Ordinal))
            {
                builder.Append("acquired ").AppendLine(acquired);
            }

            return builder.ToString();
        }
    }

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(StartAsync), null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var installed = FindInstalledChecksum();
            StartCount++;
            if (installed is not null && _crashingChecksums.Contains(installed))
            {
                _running = false;
                _runningChecksum = null;
                _restartCount += 5;
                throw new RuntimeOperationException($"The service '{ServiceName}' exited right after start.");
            }

            _running = true;
            _runningChecksum = installed;
            _instance++;
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(StopAsync), null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _running = false;
            _runningChecksum = null;
        }
    }

    /// <inheritdoc/>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(GetStatusAsync), null, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return new RuntimeStatus
            {
                IsRunning = _running,
                RestartCount = _restartCount,
                InstanceId = _running ? _instance.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                State = _running ? "running" : "stopped",
            };
        }
    }

    /// <inheritdoc/>
    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new ArtifactHandle { Location = target + ".download", Checksum = artifact.Checksum };
    }

    /// <inheritdoc/>
    public async Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        await EnterAsync(nameof(AcquireArtifactAsync), artifact.Source, cancellationToken).ConfigureAwait(false);
        var handle = GetArtifactHandle(artifact, target);
        if (!_remoteArtifacts.TryGetValue(artifact.Source, out var content))
        {
            throw new ArtifactVerificationException($"The artifact '{artifact.Source}' was not found.");
        }

        if (!Sha256Checksum.AreEqual(artifact.Checksum, Sha256Checksum.Compute(content)))
        {
            throw new ArtifactVerificationException($"The artifact '{artifact.Source}' does not match its checksum {artifact.Checksum}.");
        }

        lock (_gate)
        {
            _acquired[handle.Location] = content;
        }

        return handle;
    }

    /// <inheritdoc/>
    public async Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        await EnterAsync(nameof(IsArtifactAcquiredAsync), artifact.Source, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _acquired.TryGetValue(GetArtifactHandle(artifact, target).Location, out var content)
                && Sha256Checksum.AreEqual(artifact.Checksum, Sha256Checksum.Compute(content));
        }
    }

    /// <inheritdoc/>
    public async Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await EnterAsync(nameof(VerifyArtifactAsync), handle.Location, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_acquired.TryGetValue(handle.Location, out var content) || !Sha256Checksum.AreEqual(checksum, Sha256Checksum.Compute(content)))
            {
                throw new ArtifactVerificationException($"The acquired artifact '{handle.Location}' is missing or does not match {checksum}.");
            }
        }
    }

    /// <inheritdoc/>
    public async Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await EnterAsync(nameof(DiscardArtifactAsync), handle.Location, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _acquired.Remove(handle.Location);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(IsArtifactInstalledAsync), target, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _files.TryGetValue(target, out var content) && Sha256Checksum.AreEqual(checksum, Sha256Checksum.Compute(content));
        }
    }

    /// <inheritdoc/>
    public async Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await EnterAsync(nameof(InstallArtifactAsync), target, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_acquired.Remove(handle.Location, out var content))
            {
                throw new ArtifactVerificationException($"No acquired artifact at '{handle.Location}' to install.");
            }

            _files[target] = content;
        }
    }

    /// <inheritdoc/>
    public async Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnterAsync(nameof(BackupStateAsync), request.BackupDirectory, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_backups.ContainsKey(request.BackupDirectory))
            {
                // A complete backup is never overwritten: after a crash the current files may already be the new ones.
                return;
            }

            var backup = new Backup(request.InstallTarget);
            foreach (var path in request.ConfigPaths.Prepend(request.InstallTarget))
            {
                if (_files.TryGetValue(path, out var content))
                {
                    backup.Files[path] = content;
                    backup.Manifest[path] = Sha256Checksum.Compute(content);
                }
                else
                {
                    backup.Manifest[path] = null;
                }
            }

            _backups[request.BackupDirectory] = backup;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(IsBackedUpAsync), backupDirectory, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _backups.TryGetValue(backupDirectory, out var backup) && backup.IsIntact();
        }
    }

    /// <inheritdoc/>
    public async Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(RestoreStateAsync), backupDirectory + " " + scope, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_backups.TryGetValue(backupDirectory, out var backup))
            {
                throw new BackupIntegrityException($"There is no backup in '{backupDirectory}'.");
            }

            if (!backup.IsIntact())
            {
                throw new BackupIntegrityException($"The backup in '{backupDirectory}' does not match its manifest.");
            }

            foreach (var (path, checksum) in backup.Manifest)
            {
                var isArtifact = string.Equals(path, backup.InstallTarget, StringComparison.Ordinal);
                if ((isArtifact && !scope.HasFlag(RestoreScope.Artifact)) || (!isArtifact && !scope.HasFlag(RestoreScope.Configs)))
                {
                    continue;
                }

                if (checksum is null)
                {
                    _files.Remove(path);
                }
                else
                {
                    _files[path] = backup.Files[path];
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(WriteConfigAsync), path, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _files[path] = content.ToArray();
        }
    }

    /// <inheritdoc/>
    public async Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken)
    {
        await EnterAsync(nameof(IsConfigWrittenAsync), path, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _files.TryGetValue(path, out var content) && Sha256Checksum.AreEqual(expectedChecksum, Sha256Checksum.Compute(content));
        }
    }

    /// <inheritdoc/>
    public async Task ReloadDaemonAsync(CancellationToken cancellationToken)
        => await EnterAsync(nameof(ReloadDaemonAsync), null, cancellationToken).ConfigureAwait(false);

    // The service runs whatever artifact sits on the install target when it starts.
    private string? FindInstalledChecksum()
        => _installTarget is not null && _files.TryGetValue(_installTarget, out var content) ? Sha256Checksum.Compute(content) : null;

    private async Task EnterAsync(string member, string? argument, CancellationToken cancellationToken)
    {
        Fault? fault;
        lock (_gate)
        {
            _calls.Add(argument is null ? member : member + " " + argument);
            var count = _callCounts[member] = _callCounts.GetValueOrDefault(member) + 1;
            fault = _faults.FirstOrDefault(f => f.Member == member && f.Call == count);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (fault is null)
        {
            return;
        }

        if (fault.Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        throw fault.Exception!;
    }

    private sealed record Fault(string Member, int Call, Exception? Exception, bool Hang);

    private sealed class Backup(string installTarget)
    {
        public string InstallTarget { get; } = installTarget;

        public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string?> Manifest { get; } = new(StringComparer.Ordinal);

        public bool IsIntact() => Manifest.All(entry => entry.Value is null
            || (Files.TryGetValue(entry.Key, out var content) && Sha256Checksum.AreEqual(entry.Value, Sha256Checksum.Compute(content))));
    }
}
