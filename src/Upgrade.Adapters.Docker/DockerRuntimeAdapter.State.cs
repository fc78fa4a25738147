using System.Text.Json;
using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Internal;
using Upgrade.Internal;

namespace Upgrade.Adapters.Docker;

/// <summary>Backing up, restoring, and writing configuration files.</summary>
public sealed partial class DockerRuntimeAdapter
{
    private static readonly JsonSerializerOptions BackupJson = new() { WriteIndented = true };

    /// <inheritdoc/>
    /// <remarks>
    /// Saves the container's full inspect output to <c>container_config.json</c> and copies of the existing
    /// configuration files under <c>configs/</c>, then writes <c>manifest.json</c> (with a checksum of every file) last
    /// and atomically. A complete backup is never overwritten.
    /// </remarks>
    /// <exception cref="UpgradeValidationException">The install target is not the managed container.</exception>
    /// <exception cref="PathNotAllowedException">A configuration path lies outside the allowed roots; nothing was written.</exception>
    /// <exception cref="BackupIntegrityException">A manifest exists but the backup does not match it.</exception>
    /// <exception cref="RuntimeOperationException">The container is missing, or a backup container of an earlier upgrade is left.</exception>
    public async Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.BackupDirectory);
        EnsureManagedContainer(request.InstallTarget);
        var directory = Path.GetFullPath(request.BackupDirectory);
        var manifestPath = Path.Combine(directory, DockerRuntimeConstants.ManifestFileName);
        if (File.Exists(manifestPath))
        {
            var (manifest, problem) = await LoadBackupAsync(directory, cancellationToken).ConfigureAwait(false);
            if (manifest is null)
            {
                throw new BackupIntegrityException($"The backup in '{directory}' is damaged and is not overwritten: {problem}");
            }

            _logger.BackupAlreadyComplete(directory);
            return;
        }

        // Check every path before anything is written.
        var configPaths = request.ConfigPaths.Select(path => (Path: path, Real: _paths.Resolve(path))).ToArray();

        var container = await TryInspectContainerAsync(request.InstallTarget, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException($"The container '{request.InstallTarget}' does not exist; there is nothing to back up.");
        var backupName = BackupNameOf(request.InstallTarget);
        if (await TryInspectContainerAsync(backupName, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RuntimeOperationException(
                $"The container '{backupName}' is left from an earlier upgrade; remove it (RemoveBackupContainerAsync) before upgrading '{request.InstallTarget}'.");
        }

        Directory.CreateDirectory(Path.Combine(directory, DockerRuntimeConstants.ConfigsDirectoryName));
        var containerJson = JsonSerializer.SerializeToUtf8Bytes(container, BackupJson);

        // A writer killed before its rename leaves a temporary file behind; a retry removes it before writing again.
        var containerConfigPath = Path.Combine(directory, DockerRuntimeConstants.ContainerConfigFileName);
        AtomicFile.DeleteStaleTempFiles(containerConfigPath);
        await AtomicFile.WriteAllBytesAsync(containerConfigPath, containerJson, null, cancellationToken)
            .ConfigureAwait(false);

        var entries = new List<BackupConfigEntry>(configPaths.Length);
        for (var i = 0; i < configPaths.Length; i++)
        {
            var (path, real) = configPaths[i];
            if (!File.Exists(real))
            {
                entries.Add(new BackupConfigEntry { Path = path, Existed = false });
                continue;
            }

            var content = await File.ReadAllBytesAsync(real, cancellationToken).ConfigureAwait(false);
            var file = $"{DockerRuntimeConstants.ConfigsDirectoryName}/{i:D3}-{Path.GetFileName(real)}";
            AtomicFile.DeleteStaleTempFiles(Path.Combine(directory, file));
            await AtomicFile.WriteAllBytesAsync(Path.Combine(directory, file), content, null, cancellationToken).ConfigureAwait(false);
            entries.Add(new BackupConfigEntry
            {
                Path = path,
                Existed = true,
                File = file,
                Checksum = Sha256Checksum.Compute(content),
                UnixMode = OperatingSystem.IsWindows() ? null : (int)File.GetUnixFileMode(real),
            });
        }

        var backup = new DockerBackupManifest
        {
            UpgradeId = request.UpgradeId,
            ContainerName = request.InstallTarget,
            ContainerId = container.ID,
            ImageId = container.Image,
            Image = container.Config?.Image,
            CreatedAt = _timeProvider.GetUtcNow(),
            ContainerConfig = new BackupFileEntry
            {
                File = DockerRuntimeConstants.ContainerConfigFileName,
                Checksum = Sha256Checksum.Compute(containerJson),
            },
            Configs = entries,
        };
        AtomicFile.DeleteStaleTempFiles(manifestPath);
        await AtomicFile.WriteAllBytesAsync(manifestPath, JsonSerializer.SerializeToUtf8Bytes(backup, BackupJson), null, cancellationToken)
            .ConfigureAwait(false);
        _logger.BackupWritten(request.InstallTarget, entries.Count(entry => entry.Existed), directory);
    }

    /// <inheritdoc/>
    public async Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        var (manifest, _) = await LoadBackupAsync(Path.GetFullPath(backupDirectory), cancellationToken).ConfigureAwait(false);
        return manifest is not null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <see cref="RestoreScope.Artifact"/>: removes the new container and renames <c>{name}.bak</c> back; when the
    /// container already is the original one, it does nothing. If the original container is gone, it is recreated from
    /// the backed-up configuration. <see cref="RestoreScope.Configs"/>: copies every saved configuration file back after
    /// checking its checksum, and removes those that did not exist before the upgrade.
    /// </remarks>
    public async Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        var directory = Path.GetFullPath(backupDirectory);
        var (manifest, problem) = await LoadBackupAsync(directory, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            throw new BackupIntegrityException($"The backup in '{directory}' cannot be restored: {problem}");
        }

        if (scope.HasFlag(RestoreScope.Artifact))
        {
            await RestoreContainerAsync(directory, manifest, cancellationToken).ConfigureAwait(false);
        }

        if (scope.HasFlag(RestoreScope.Configs))
        {
            await RestoreConfigsAsync(directory, manifest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="path"/> is a host path, normally inside the host side of one of the container's bind mounts. The
    /// file is replaced atomically and keeps its permission bits.
    /// </remarks>
    /// <exception cref="PathNotAllowedException">The path lies outside the allowed roots; nothing was written.</exception>
    public async Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var real = _paths.Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        UnixFileMode? mode = File.Exists(real) && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(real) : null;
        AtomicFile.DeleteStaleTempFiles(real);
        await AtomicFile.WriteAllBytesAsync(real, content, mode, cancellationToken).ConfigureAwait(false);
        _logger.ConfigWritten(path);
    }

    /// <inheritdoc/>
    public async Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken)
    {
        var real = _paths.Resolve(path);
        if (!File.Exists(real))
        {
            return false;
        }

        var actual = await Sha256Checksum.ComputeFileAsync(real, cancellationToken).ConfigureAwait(false);
        return Sha256Checksum.AreEqual(expectedChecksum, actual);
    }

    private async Task RestoreContainerAsync(string directory, DockerBackupManifest manifest, CancellationToken cancellationToken)
    {
        var name = manifest.ContainerName;
        var backupName = BackupNameOf(name);
        var current = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
        if (current is not null && string.Equals(current.ID, manifest.ContainerId, StringComparison.Ordinal))
        {
            _logger.RestoreAlreadyDone(name, current.ID);
            return;
        }

        var backup = await TryInspectContainerAsync(backupName, cancellationToken).ConfigureAwait(false);
        if (backup is not null && !string.Equals(backup.ID, manifest.ContainerId, StringComparison.Ordinal))
        {
            throw new RuntimeOperationException(
                $"The container '{backupName}' ({backup.ID}) is not the original container {manifest.ContainerId} of this upgrade; nothing was changed.");
        }

        if (current is not null)
        {
            await CallAsync(
                $"remove the new container '{name}'",
                (client, token) => client.Containers.RemoveContainerAsync(current.ID, new ContainerRemoveParameters { Force = true }, token),
                cancellationToken).ConfigureAwait(false);
            _logger.ContainerRemoved(name, current.ID);
        }

        if (backup is not null)
        {
            await CallAsync(
                $"rename container '{backupName}' back to '{name}'",
                (client, token) => client.Containers.RenameContainerAsync(backup.ID, new ContainerRenameParameters { NewName = name }, token),
                cancellationToken).ConfigureAwait(false);
            _logger.ContainerRenamed(backup.ID, backupName, name);
            return;
        }

        // The original container is gone (removed by hand): recreate it from the backed-up configuration.
        var json = await File.ReadAllBytesAsync(Path.Combine(directory, manifest.ContainerConfig.File), cancellationToken).ConfigureAwait(false);
        var original = JsonSerializer.Deserialize<ContainerInspectResponse>(json, BackupJson)
            ?? throw new BackupIntegrityException($"The container configuration in '{directory}' is empty.");
        var image = manifest.Image is { Length: > 0 } configured
                    && await TryInspectImageAsync(configured, cancellationToken).ConfigureAwait(false) is { } resolved
                    && string.Equals(resolved.ID, manifest.ImageId, StringComparison.Ordinal)
            ? configured
            : manifest.ImageId;
        var parameters = ContainerCloner.Clone(original, oldImage: null, image, name);
        var created = await CallAsync(
            $"recreate container '{name}' from its backup",
            (client, token) => client.Containers.CreateContainerAsync(parameters, token),
            cancellationToken).ConfigureAwait(false);
        _logger.ContainerRecreatedFromBackup(name, created.ID);
    }

    private async Task RestoreConfigsAsync(string directory, DockerBackupManifest manifest, CancellationToken cancellationToken)
    {
        foreach (var entry in manifest.Configs)
        {
            var real = _paths.Resolve(entry.Path);
            if (!entry.Existed)
            {
                if (File.Exists(real))
                {
                    AtomicFile.Delete(real);
                    _logger.ConfigRemoved(entry.Path);
                }

                continue;
            }

            var content = await File.ReadAllBytesAsync(Path.Combine(directory, entry.File!), cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.AreEqual(entry.Checksum, Sha256Checksum.Compute(content)))
            {
                throw new BackupIntegrityException($"The saved copy of '{entry.Path}' in '{directory}' does not match its checksum {entry.Checksum}.");
            }

            if (File.Exists(real) && Sha256Checksum.AreEqual(entry.Checksum, await Sha256Checksum.ComputeFileAsync(real, cancellationToken).ConfigureAwait(false)))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(real)!);
            UnixFileMode? mode = entry.UnixMode is { } bits ? (UnixFileMode)bits : null;
            AtomicFile.DeleteStaleTempFiles(real);
            await AtomicFile.WriteAllBytesAsync(real, content, mode, cancellationToken).ConfigureAwait(false);
            var restored = await Sha256Checksum.ComputeFileAsync(real, cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.AreEqual(entry.Checksum, restored))
            {
                throw new BackupIntegrityException($"The restored file '{entry.Path}' has the checksum {restored}, not {entry.Checksum}.");
            }

            _logger.ConfigRestored(entry.Path);
        }
    }

    /// <summary>Reads and verifies a backup; returns the reason when it is missing, incomplete or damaged.</summary>
    private static async Task<(DockerBackupManifest? Manifest, string? Problem)> LoadBackupAsync(string directory, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(directory, DockerRuntimeConstants.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            return (null, $"it has no {DockerRuntimeConstants.ManifestFileName}, so it is missing or incomplete");
        }

        DockerBackupManifest? manifest;
        try
        {
            var json = await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            manifest = JsonSerializer.Deserialize<DockerBackupManifest>(json, BackupJson);
        }
        catch (JsonException exception)
        {
            return (null, $"its manifest is not valid JSON ({exception.Message})");
        }

        if (manifest is null || manifest.FormatVersion != DockerBackupManifest.CurrentFormatVersion
            || string.IsNullOrEmpty(manifest.ContainerId) || string.IsNullOrEmpty(manifest.ContainerName))
        {
            return (null, "its manifest is empty or of an unknown format");
        }

        var files = new List<(string File, string Checksum)> { (manifest.ContainerConfig.File, manifest.ContainerConfig.Checksum) };
        files.AddRange(manifest.Configs.Where(entry => entry.Existed).Select(entry => (entry.File ?? string.Empty, entry.Checksum ?? string.Empty)));
        foreach (var (file, checksum) in files)
        {
            var path = Path.GetFullPath(Path.Combine(directory, file));
            if (file.Length == 0 || !path.StartsWith(directory + "/", StringComparison.Ordinal))
            {
                return (null, $"its manifest names the file '{file}' outside the backup");
            }

            if (!File.Exists(path))
            {
                return (null, $"the file '{file}' is missing");
            }

            var actual = await Sha256Checksum.ComputeFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.AreEqual(checksum, actual))
            {
                return (null, $"the file '{file}' has the checksum {actual}, not {checksum}");
            }
        }

        return (manifest, null);
    }
}
