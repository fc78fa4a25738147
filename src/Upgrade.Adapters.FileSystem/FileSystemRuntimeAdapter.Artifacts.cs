using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Acquiring, verifying and installing the binary.</summary>
public abstract partial class FileSystemRuntimeAdapter
{
    /// <inheritdoc/>
    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new ArtifactHandle { Location = GetDownloadPath(target), Checksum = artifact.Checksum };
    }

    /// <inheritdoc/>
    public async Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!Sha256Checksum.IsValid(artifact.Checksum))
        {
            throw new ArtifactVerificationException($"The artifact checksum is not of the form {Sha256Checksum.Prefix}<64 hex digits>.");
        }

        var source = _downloader.ValidateSource(artifact.Source);
        var handle = GetArtifactHandle(artifact, target);
        if (await FileCopy.MatchesAsync(handle.Location, artifact.Checksum, cancellationToken).ConfigureAwait(false))
        {
            Logger.ArtifactAlreadyAcquired(target, artifact.Checksum);
            return handle;
        }

        var directory = Path.GetDirectoryName(handle.Location)!;
        Directory.CreateDirectory(directory);

        // The download lands in a partial file first: only a verified artifact ever carries the acquired name.
        var partial = handle.Location + FileSystemConstants.PartialSuffix;
        try
        {
            var result = await _downloader.DownloadAsync(source, partial, target, cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.Matches(artifact.Checksum, result.Digest))
            {
                throw new ArtifactVerificationException(
                    $"The downloaded artifact hashes to {Sha256Checksum.Format(result.Digest)}, not to the required {artifact.Checksum}; it was deleted.");
            }

            File.SetUnixFileMode(partial, FileSystemConstants.BinaryFileMode);
            AtomicFile.Replace(partial, handle.Location);
            Logger.ArtifactAcquired(target, artifact.Checksum, result.Length);
            return handle;
        }
        catch
        {
            FileCopy.DeleteIfExists(partial);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return FileCopy.MatchesAsync(GetDownloadPath(target), artifact.Checksum, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!File.Exists(handle.Location))
        {
            throw new ArtifactVerificationException($"The acquired artifact '{handle.Location}' does not exist.");
        }

        if (!await FileCopy.MatchesAsync(handle.Location, checksum, cancellationToken).ConfigureAwait(false))
        {
            throw new ArtifactVerificationException($"The acquired artifact '{handle.Location}' does not hash to {checksum}.");
        }
    }

    /// <inheritdoc/>
    public Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        cancellationToken.ThrowIfCancellationRequested();
        var existed = File.Exists(handle.Location);
        FileCopy.DeleteIfExists(handle.Location + FileSystemConstants.PartialSuffix);
        FileCopy.DeleteIfExists(handle.Location);
        if (existed)
        {
            Logger.ArtifactDiscarded(handle.Location);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return FileCopy.MatchesAsync(target, checksum, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!File.Exists(handle.Location))
        {
            if (await FileCopy.MatchesAsync(target, handle.Checksum, cancellationToken).ConfigureAwait(false))
            {
                // Installed by an earlier attempt that crashed before it could record it.
                return;
            }

            throw new ArtifactVerificationException($"The acquired artifact '{handle.Location}' does not exist; nothing can be installed.");
        }

        // Verify again right before the rename: the file may have been replaced since it was acquired.
        await VerifyArtifactAsync(handle, handle.Checksum, cancellationToken).ConfigureAwait(false);

        var mode = FileSystemConstants.BinaryFileMode;
        if (File.Exists(target))
        {
            mode = File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        File.SetUnixFileMode(handle.Location, mode);

        // The download lives in the target's directory, so this is a rename on one file system: atomic.
        AtomicFile.Replace(handle.Location, target);
        Logger.ArtifactInstalled(target, handle.Checksum);
    }

    /// <summary>
    /// Gets the path where the artifact for <paramref name="target"/> is acquired: <c>{install dir}/.download-{name}</c>,
    /// on the target's own file system so that the install is an atomic rename.
    /// </summary>
    /// <param name="target">The install target.</param>
    /// <returns>The absolute path of the acquired artifact.</returns>
    /// <exception cref="ArgumentException"><paramref name="target"/> is empty or has no directory.</exception>
    public static string GetDownloadPath(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var fullPath = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"The install target '{target}' has no directory.", nameof(target));
        return Path.Combine(directory, FileSystemConstants.DownloadPrefix + Path.GetFileName(fullPath));
    }
}
