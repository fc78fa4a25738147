using System.Globalization;
using System.Text.Json;
using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Backing up and restoring the binary and the configuration files.</summary>
public abstract partial class FileSystemRuntimeAdapter
{
    /// <inheritdoc/>
    public async Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.BackupDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.InstallTarget);

        var backupDirectory = Path.GetFullPath(request.BackupDirectory);
        var manifestPath = Path.Combine(backupDirectory, FileSystemConstants.ManifestFileName);
        if (File.Exists(manifestPath))
        {
            // A complete backup is never replaced: after a crash the installed binary may already be the new one.
            if (await IsBackedUpAsync(backupDirectory, cancellationToken).ConfigureAwait(false))
            {
                Logger.BackupAlreadyComplete(backupDirectory);
                return;
            }

            throw new BackupIntegrityException(
                $"The backup in '{backupDirectory}' has a manifest but its files do not match it; it is kept for investigation and not overwritten.");
        }

        // Refuse configuration paths outside the allowed roots before anything is copied or changed.
        var configPaths = new List<string>();
        foreach (var path in request.ConfigPaths)
        {
            var resolved = _configPaths.Resolve(path);
            if (!configPaths.Contains(resolved, StringComparer.Ordinal))
            {
                configPaths.Add(resolved);
            }
        }

        var binariesDirectory = Path.Combine(backupDirectory, FileSystemConstants.BinariesDirectory);
        var configsDirectory = Path.Combine(backupDirectory, FileSystemConstants.ConfigsDirectory);
        CreatePrivateDirectory(backupDirectory);
        CreatePrivateDirectory(binariesDirectory);
        CreatePrivateDirectory(configsDirectory);

        var manifest = new BackupManifest
        {
            UpgradeId = request.UpgradeId,
            ServiceName = ServiceName,
            CreatedAt = TimeProvider.GetUtcNow(),
        };

        var target = Path.GetFullPath(request.InstallTarget);
        manifest.Files.Add(await BackUpFileAsync(
            BackupEntry.BinaryKind,
            target,
            Path.Combine(FileSystemConstants.BinariesDirectory, Path.GetFileName(target)),
            backupDirectory,
            cancellationToken).ConfigureAwait(false));

        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < configPaths.Count; i++)
        {
            var name = Path.GetFileName(configPaths[i]);
            if (!usedNames.Add(name))
            {
                // Two configuration files share a name: keep both copies apart.
                name = string.Create(CultureInfo.InvariantCulture, $"{i}-{name}");
                usedNames.Add(name);
            }

            manifest.Files.Add(await BackUpFileAsync(
                BackupEntry.ConfigKind,
                configPaths[i],
                Path.Combine(FileSystemConstants.ConfigsDirectory, name),
                backupDirectory,
                cancellationToken).ConfigureAwait(false));
        }

        AtomicFile.FsyncDirectory(binariesDirectory);
        AtomicFile.FsyncDirectory(configsDirectory);
        AtomicFile.FsyncDirectory(backupDirectory);

        // The manifest goes last: its presence is the marker that the backup is complete.
        AtomicFile.DeleteStaleTempFiles(manifestPath);
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifestJsonContext.Default.BackupManifest);
        await AtomicFile.WriteAllBytesAsync(manifestPath, json, FileSystemConstants.ManifestFileMode, cancellationToken).ConfigureAwait(false);
        Logger.BackupCreated(backupDirectory, manifest.Files.Count(file => file.Existed));
    }

    /// <inheritdoc/>
    public async Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        var directory = Path.GetFullPath(backupDirectory);
        BackupManifest manifest;
        try
        {
            manifest = await ReadManifestAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (BackupIntegrityException)
        {
            return false;
        }

        foreach (var entry in manifest.Files)
        {
            if (entry.Existed && !await FileCopy.MatchesAsync(BackupFilePath(directory, entry), entry.Checksum!, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public async Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupDirectory);
        var directory = Path.GetFullPath(backupDirectory);
        var manifest = await ReadManifestAsync(directory, cancellationToken).ConfigureAwait(false);
        var entries = manifest.Files.Where(entry => InScope(entry, scope)).ToList();

        // Verify every copy in scope before changing anything: a tampered backup is not restored at all.
        foreach (var entry in entries.Where(entry => entry.Existed))
        {
            var copy = BackupFilePath(directory, entry);
            if (!await FileCopy.MatchesAsync(copy, entry.Checksum!, cancellationToken).ConfigureAwait(false))
            {
                throw new BackupIntegrityException(
                    $"The backup copy '{copy}' of '{entry.OriginalPath}' is missing or does not match the manifest checksum {entry.Checksum}; the restore is aborted.");
            }
        }

        foreach (var entry in entries)
        {
            if (entry.Existed)
            {
                await RestoreFileAsync(directory, entry, cancellationToken).ConfigureAwait(false);
            }
            else if (File.Exists(entry.OriginalPath))
            {
                AtomicFile.Delete(entry.OriginalPath);
                Logger.FileRemovedOnRestore(entry.OriginalPath);
            }
        }
    }

    private static bool InScope(BackupEntry entry, RestoreScope scope) =>
        entry.IsBinary ? scope.HasFlag(RestoreScope.Artifact) : scope.HasFlag(RestoreScope.Configs);

    private static string BackupFilePath(string backupDirectory, BackupEntry entry) => Path.Combine(backupDirectory, entry.BackupPath!);

    private static void CreatePrivateDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            AtomicFile.FsyncDirectory(Path.GetDirectoryName(path)!);
        }
    }

    private static UnixFileMode ParseMode(string mode) => (UnixFileMode)Convert.ToInt32(mode, 8);

    private static string FormatMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    private static async Task<BackupEntry> BackUpFileAsync(string kind, string originalPath, string relativeBackupPath, string backupDirectory, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(backupDirectory, relativeBackupPath);

        // A copy killed mid-way leaves its temporary file behind; the retried backup must not keep it.
        AtomicFile.DeleteStaleTempFiles(destination);
        if (!File.Exists(originalPath))
        {
            return new BackupEntry { Kind = kind, OriginalPath = originalPath, Existed = false };
        }

        var mode = File.GetUnixFileMode(originalPath);
        var temp = AtomicFile.TempPathFor(destination);
        try
        {
            var digest = await FileCopy.CopyNewAsync(originalPath, temp, mode, cancellationToken).ConfigureAwait(false);
            File.Move(temp, destination, overwrite: true);
            return new BackupEntry
            {
                Kind = kind,
                OriginalPath = originalPath,
                Existed = true,
                BackupPath = relativeBackupPath,
                Mode = FormatMode(mode),
                Checksum = Sha256Checksum.Format(digest),
            };
        }
        catch
        {
            FileCopy.DeleteIfExists(temp);
            throw;
        }
    }

    private async Task RestoreFileAsync(string backupDirectory, BackupEntry entry, CancellationToken cancellationToken)
    {
        // A restore killed mid-copy leaves its temporary file next to the original; the retried restore removes it.
        AtomicFile.DeleteStaleTempFiles(entry.OriginalPath);
        var mode = ParseMode(entry.Mode!);
        if (await FileCopy.MatchesAsync(entry.OriginalPath, entry.Checksum!, cancellationToken).ConfigureAwait(false))
        {
            // Already restored (or never changed); only the mode may differ.
            if (File.GetUnixFileMode(entry.OriginalPath) != mode)
            {
                File.SetUnixFileMode(entry.OriginalPath, mode);
            }

            return;
        }

        var directory = Path.GetDirectoryName(entry.OriginalPath)!;
        Directory.CreateDirectory(directory);
        var temp = AtomicFile.TempPathFor(entry.OriginalPath);
        try
        {
            var copied = await FileCopy.CopyNewAsync(BackupFilePath(backupDirectory, entry), temp, mode, cancellationToken).ConfigureAwait(false);
            var written = await FileCopy.HashAsync(temp, cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.Matches(entry.Checksum, copied) || !Sha256Checksum.Matches(entry.Checksum, written))
            {
                throw new BackupIntegrityException(
                    $"The restored copy of '{entry.OriginalPath}' does not match the manifest checksum {entry.Checksum}; the restore is aborted.");
            }

            AtomicFile.Replace(temp, entry.OriginalPath);
            Logger.FileRestored(entry.OriginalPath);
        }
        catch
        {
            FileCopy.DeleteIfExists(temp);
            throw;
        }
    }

    private async Task<BackupManifest> ReadManifestAsync(string backupDirectory, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(backupDirectory, FileSystemConstants.ManifestFileName);
        BackupManifest? manifest;
        try
        {
            var bytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            manifest = JsonSerializer.Deserialize(bytes, BackupManifestJsonContext.Default.BackupManifest);
        }
        catch (FileNotFoundException exception)
        {
            throw new BackupIntegrityException($"The backup in '{backupDirectory}' has no manifest: it is missing or incomplete.", exception);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new BackupIntegrityException($"The backup directory '{backupDirectory}' does not exist.", exception);
        }
        catch (JsonException exception)
        {
            throw new BackupIntegrityException($"The backup manifest in '{backupDirectory}' cannot be read: {exception.Message}", exception);
        }

        if (manifest is null || manifest.FormatVersion != BackupManifest.CurrentFormatVersion)
        {
            throw new BackupIntegrityException($"The backup manifest in '{backupDirectory}' has an unknown format.");
        }

        foreach (var entry in manifest.Files)
        {
            ValidateEntry(backupDirectory, entry);
        }

        return manifest;
    }

    private void ValidateEntry(string backupDirectory, BackupEntry entry)
    {
        if (entry.Kind is not (BackupEntry.BinaryKind or BackupEntry.ConfigKind) || !Path.IsPathFullyQualified(entry.OriginalPath))
        {
            throw new BackupIntegrityException($"The backup manifest in '{backupDirectory}' has an invalid entry for '{entry.OriginalPath}'.");
        }

        // A manifest must not be able to direct a restore outside the configuration roots.
        if (!entry.IsBinary && !_configPaths.IsAllowed(entry.OriginalPath))
        {
            throw new BackupIntegrityException($"The backup manifest in '{backupDirectory}' restores '{entry.OriginalPath}', outside the allowed configuration roots.");
        }

        if (!entry.Existed)
        {
            return;
        }

        var copy = entry.BackupPath is null ? null : Path.GetFullPath(Path.Combine(backupDirectory, entry.BackupPath));
        if (copy is null
            || Path.IsPathRooted(entry.BackupPath)
            || !copy.StartsWith(backupDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !Sha256Checksum.IsValid(entry.Checksum)
            || !IsOctalMode(entry.Mode))
        {
            throw new BackupIntegrityException($"The backup manifest in '{backupDirectory}' has an invalid entry for '{entry.OriginalPath}'.");
        }
    }

    private static bool IsOctalMode(string? mode) =>
        mode is { Length: > 0 and <= 5 } && mode.All(c => c is >= '0' and <= '7');
}
