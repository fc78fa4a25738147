using Upgrade.Internal;

namespace Upgrade.Adapters.Systemd;

/// <summary>Acquiring, verifying and installing the binary.</summary>
internal sealed partial class SystemdRuntimeAdapter
{
    /// <inheritdoc/>
    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new ArtifactHandle { Location = DownloadPathFor(target), Checksum = artifact.Checksum };
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
            _logger.ArtifactAlreadyAcquired(target, artifact.Checksum);
            return handle;
        }

        var directory = Path.GetDirectoryName(handle.Location)!;
        Directory.CreateDirectory(directory);

        // The download lands in a partial file first: only a verified artifact ever carries the acquired name.
        var partial = handle.Location + SystemdConstants.PartialSuffix;
        try
        {
            var result = await _downloader.DownloadAsync(source, partial, target, cancellationToken).ConfigureAwait(false);
            if (!Sha256Checksum.Matches(artifact.Checksum, result.Digest))
            {
                throw new ArtifactVerificationException(
                    $"The downloaded artifact hashes to {Sha256Checksum.Format(result.Digest)}, not to the required {artifact.Checksum}; it was deleted.");
            }

            File.SetUnixFileMode(partial, SystemdConstants.BinaryFileMode);
            AtomicFile.Replace(partial, handle.Location);
            _logger.ArtifactAcquired(target, artifact.Checksum, result.Length);
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
        return FileCopy.MatchesAsync(DownloadPathFor(target), artifact.Checksum, cancellationToken);
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
        FileCopy.DeleteIfExists(handle.Location + SystemdConstants.PartialSuffix);
        FileCopy.DeleteIfExists(handle.Location);
        if (existed)
        {
            _logger.ArtifactDiscarded(handle.Location);
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

        var mode = SystemdConstants.BinaryFileMode;
        if (File.Exists(target))
        {
            mode = File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        File.SetUnixFileMode(handle.Location, mode);

        // The download lives in the target's directory, so this is a rename on one file system: atomic.
        AtomicFile.Replace(handle.Location, target);
        _logger.ArtifactInstalled(target, handle.Checksum);
    }

    /// <summary>The path of the acquired artifact: <c>{install dir}/.download-{name}</c>.</summary>
    internal static string DownloadPathFor(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var fullPath = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"The install target '{target}' has no directory.", nameof(target));
        return Path.Combine(directory, SystemdConstants.DownloadPrefix + Path.GetFileName(fullPath));
    }
}
