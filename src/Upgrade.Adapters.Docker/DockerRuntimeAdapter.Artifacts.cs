using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Internal;

namespace Upgrade.Adapters.Docker;

/// <summary>Acquiring, verifying, installing and discarding images.</summary>
public sealed partial class DockerRuntimeAdapter
{
    /// <inheritdoc/>
    /// <remarks>
    /// The handle's location is the canonical <c>repository@sha256:digest</c> reference. A reference that is not
    /// digest-pinned keeps its source as location, so that compensations never fail on it.
    /// </remarks>
    public ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var reference = ImageReference.TryParse(artifact.Source, out _);
        return new ArtifactHandle { Location = reference?.Reference ?? artifact.Source, Checksum = artifact.Checksum };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Before pulling an absent image, the adapter durably records that the upgrade pulls it (write-ahead, under
    /// <see cref="DockerRuntimeOptions.StateDirectory"/>). An image that is already present counts as pulled by the
    /// upgrade only when such a record exists (an earlier attempt pulled it before a crash); otherwise it was there
    /// before the upgrade and <see cref="DiscardArtifactAsync"/> never removes it.
    /// </remarks>
    /// <exception cref="UpgradeValidationException">The source is not pinned by digest, or the checksum is not its digest; nothing was changed.</exception>
    /// <exception cref="RuntimeOperationException">The engine could not pull the image.</exception>
    public async Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var reference = ImageReference.Parse(artifact.Source, artifact.Checksum);
        var handle = new ArtifactHandle { Location = reference.Reference, Checksum = artifact.Checksum };

        var existing = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false);
        if (existing is not null && CarriesDigest(existing, reference.Digest))
        {
            if (await IsRecordedAsPulledAsync(reference.Reference, cancellationToken).ConfigureAwait(false))
            {
                _logger.ImagePulledEarlier(reference.Reference);
            }
            else
            {
                _logger.ImageAlreadyPresent(reference.Reference);
            }

            return handle;
        }

        // Write-ahead: a crash after the pull, at any instant, must still let a later compensation remove the image.
        await _pulledImages.RecordAsync(reference.Reference, cancellationToken).ConfigureAwait(false);

        var progress = new PullProgress();
        var operation = $"pull image '{reference.Reference}'";
        try
        {
            await CallAsync(
                operation,
                (client, token) => client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = reference.Repository, Tag = reference.Digest },
                    authConfig: null,
                    progress,
                    token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeOperationException)
        {
            // Nothing was pulled: the record must not claim an image someone else may pull later.
            await DropRecordIfImageAbsentAsync(reference.Reference, "the pull failed", cancellationToken).ConfigureAwait(false);
            throw;
        }

        var pulled = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false);
        if (pulled is null)
        {
            await DropRecordIfImageAbsentAsync(reference.Reference, "the pull failed", cancellationToken).ConfigureAwait(false);
            throw new RuntimeOperationException(
                $"The Docker engine failed to {operation}: {progress.Error ?? "the image is not present after the pull"}");
        }

        if (!CarriesDigest(pulled, reference.Digest))
        {
            await DiscardArtifactAsync(handle, cancellationToken).ConfigureAwait(false);
            throw new ArtifactVerificationException(
                $"The image pulled for '{reference.Reference}' does not carry the digest {reference.Digest}; it was removed.");
        }

        _logger.ImagePulled(reference.Reference);
        return handle;
    }

    /// <inheritdoc/>
    public async Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var reference = ImageReference.TryParse(artifact.Source, out _);
        if (reference is null || !Sha256Checksum.AreEqual(reference.Digest, artifact.Checksum))
        {
            return false;
        }

        var image = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false);
        return image is not null && CarriesDigest(image, reference.Digest);
    }

    /// <inheritdoc/>
    /// <remarks>The pulled image's repository digests must contain the pinned digest, and that digest must be <paramref name="checksum"/>.</remarks>
    public async Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var reference = ImageReference.TryParse(handle.Location, out var error)
            ?? throw new ArtifactVerificationException(error!);
        if (!Sha256Checksum.IsValid(checksum) || !Sha256Checksum.AreEqual(reference.Digest, checksum))
        {
            throw new ArtifactVerificationException(
                $"The image '{reference.Reference}' is pinned to {reference.Digest}, not to the required checksum '{checksum}'.");
        }

        var image = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false)
            ?? throw new ArtifactVerificationException($"The image '{reference.Reference}' is not present on the engine.");
        if (!CarriesDigest(image, reference.Digest))
        {
            throw new ArtifactVerificationException(
                $"The image '{reference.Reference}' ({image.ID}) does not carry the digest {reference.Digest}; its repository digests are: {string.Join(", ", image.RepoDigests ?? [])}.");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The image is removed only when the durable record of <see cref="AcquireArtifactAsync"/> says an upgrade of this
    /// container pulled it (by this process or by an earlier one, before a restart) and no container, running or not,
    /// uses it; the record is deleted after the removal. An image that was present before the upgrade, that a container
    /// uses, or whose record was cleared by <see cref="RemoveBackupContainerAsync"/> is kept. When the image is already
    /// gone, only the record is deleted. Calling it again does nothing more.
    /// </remarks>
    public async Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var reference = ImageReference.TryParse(handle.Location, out _);
        if (reference is null)
        {
            return;
        }

        if (!await IsRecordedAsPulledAsync(reference.Reference, cancellationToken).ConfigureAwait(false))
        {
            _logger.ImageKept(reference.Reference, "it was not pulled by this upgrade");
            return;
        }

        var image = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            _pulledImages.Delete(reference.Reference);
            _logger.PulledImageRecordDropped(reference.Reference, "the image is not present");
            return;
        }

        var containers = await CallAsync(
            "list containers",
            (client, token) => client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token),
            cancellationToken).ConfigureAwait(false);
        if (containers.Any(container => string.Equals(container.ImageID, image.ID, StringComparison.Ordinal)))
        {
            // The record stays: a later discard, once the container is gone, may still remove the image.
            _logger.ImageKept(reference.Reference, "a container uses it");
            return;
        }

        try
        {
            await CallAsync(
                $"remove image '{reference.Reference}'",
                (client, token) => client.Images.DeleteImageAsync(reference.Reference, new ImageDeleteParameters { Force = false }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeOperationException exception) when (exception.InnerException is global::Docker.DotNet.DockerApiException api && IsNotFound(api))
        {
        }

        // Deleted after the removal: a crash in between leaves the record, and the next discard finishes the work.
        _pulledImages.Delete(reference.Reference);
        _logger.ImageDiscarded(reference.Reference);
    }

    /// <inheritdoc/>
    /// <remarks><paramref name="checksum"/> is the image's manifest digest (<c>sha256:&lt;hex&gt;</c>).</remarks>
    public async Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!Sha256Checksum.IsValid(checksum))
        {
            return false;
        }

        var container = await TryInspectContainerAsync(target, cancellationToken).ConfigureAwait(false);
        return container is not null && await RunsDigestAsync(container, checksum, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Renames <c>{target}</c> to <c>{target}.bak</c>, then creates <c>{target}</c> from the renamed container's
    /// configuration with only the image changed. After a crash between the two steps, calling it again creates the
    /// missing container; when <c>{target}</c> already runs the new image, it does nothing.
    /// </remarks>
    /// <exception cref="UpgradeValidationException"><paramref name="target"/> is not the managed container, or the handle is not digest-pinned.</exception>
    /// <exception cref="RuntimeOperationException">The containers are in a state the upgrade did not create, or the engine failed.</exception>
    public async Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        EnsureManagedContainer(target);
        var reference = ImageReference.TryParse(handle.Location, out var error)
            ?? throw new UpgradeValidationException(error!);
        var backupName = BackupNameOf(target);

        var current = await TryInspectContainerAsync(target, cancellationToken).ConfigureAwait(false);
        if (current is not null && await RunsDigestAsync(current, reference.Digest, cancellationToken).ConfigureAwait(false))
        {
            _logger.InstallAlreadyDone(target, reference.Reference);
            return;
        }

        var image = await TryInspectImageAsync(reference.Reference, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException($"The image '{reference.Reference}' has not been acquired; it is not present on the engine.");

        var original = await TryInspectContainerAsync(backupName, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            if (original is not null)
            {
                throw new RuntimeOperationException(
                    $"Both '{target}' and '{backupName}' exist and '{target}' does not run '{reference.Reference}': '{backupName}' is left from an earlier upgrade. Remove it (RemoveBackupContainerAsync) before upgrading.");
            }

            await CallAsync(
                $"rename container '{target}' to '{backupName}'",
                (client, token) => client.Containers.RenameContainerAsync(current.ID, new ContainerRenameParameters { NewName = backupName }, token),
                cancellationToken).ConfigureAwait(false);
            _logger.ContainerRenamed(current.ID, target, backupName);
            original = current;
        }
        else if (original is null)
        {
            throw new RuntimeOperationException($"Neither '{target}' nor '{backupName}' exists: there is no container to upgrade.");
        }

        var originalImage = await TryInspectImageAsync(original.Image, cancellationToken).ConfigureAwait(false);
        var parameters = ContainerCloner.Clone(original, originalImage?.Config, reference.Reference, target);
        try
        {
            var created = await CallAsync(
                $"create container '{target}' from image '{reference.Reference}'",
                (client, token) => client.Containers.CreateContainerAsync(parameters, token),
                cancellationToken).ConfigureAwait(false);
            _logger.ContainerCreated(target, created.ID, reference.Reference);
        }
        catch (RuntimeOperationException exception) when (exception.InnerException is global::Docker.DotNet.DockerApiException { StatusCode: System.Net.HttpStatusCode.Conflict })
        {
            // A concurrent or earlier attempt created it; accept it only if it is the container this install wants.
            var raced = await TryInspectContainerAsync(target, cancellationToken).ConfigureAwait(false);
            if (raced is null || !string.Equals(raced.Image, image.ID, StringComparison.Ordinal))
            {
                throw;
            }
        }
    }

    private async Task<bool> RunsDigestAsync(ContainerInspectResponse container, string digest, CancellationToken cancellationToken)
    {
        if (string.Equals(container.Image, digest, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var image = await TryInspectImageAsync(container.Image, cancellationToken).ConfigureAwait(false);
        return image is not null && CarriesDigest(image, digest);
    }

    /// <summary>Whether a valid record says an upgrade of this container pulled <paramref name="reference"/>; an invalid record is logged and counts as none.</summary>
    private async Task<bool> IsRecordedAsPulledAsync(string reference, CancellationToken cancellationToken)
    {
        var lookup = await _pulledImages.FindAsync(reference, cancellationToken).ConfigureAwait(false);
        if (lookup.InvalidPath is { } path)
        {
            _logger.PulledImageRecordInvalid(path, lookup.Problem!);
        }

        return lookup.IsRecorded;
    }

    private async Task DropRecordIfImageAbsentAsync(string reference, string reason, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // The engine may still finish the pull; the record stays, and the compensation of the acquisition decides.
            return;
        }

        try
        {
            if (await TryInspectImageAsync(reference, cancellationToken).ConfigureAwait(false) is null)
            {
                _pulledImages.Delete(reference);
                _logger.PulledImageRecordDropped(reference, reason);
            }
        }
        catch (RuntimeOperationException)
        {
            // The engine is unreachable: keep the record; the compensation of the acquisition deletes it when the image is absent.
        }
    }

    /// <summary>
    /// Deletes the records of the images <paramref name="container"/> runs, so that a later, unrelated compensation never
    /// removes an image that a finished upgrade brought. Invalid records are logged and left alone.
    /// </summary>
    private async Task ClearPulledRecordsOfAsync(ContainerInspectResponse container, CancellationToken cancellationToken)
    {
        var (records, invalid) = await _pulledImages.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (path, problem) in invalid)
        {
            _logger.PulledImageRecordInvalid(path, problem);
        }

        foreach (var record in records)
        {
            var runs = string.Equals(record.Reference, container.Config?.Image, StringComparison.Ordinal);
            if (!runs)
            {
                var image = await TryInspectImageAsync(record.Reference, cancellationToken).ConfigureAwait(false);
                runs = image is not null && string.Equals(image.ID, container.Image, StringComparison.Ordinal);
            }

            if (runs)
            {
                _pulledImages.Delete(record.Reference);
                _logger.PulledImageRecordCleared(record.Reference, _containerName);
            }
        }
    }

    /// <summary>Collects the error a pull reports inside its progress stream (the HTTP status is already 200 by then).</summary>
    private sealed class PullProgress : IProgress<JSONMessage>
    {
        private string? _error;

        public string? Error => Volatile.Read(ref _error);

        public void Report(JSONMessage value)
        {
            var message = value?.Error?.Message;
            if (!string.IsNullOrWhiteSpace(message))
            {
                Volatile.Write(ref _error, message);
            }
        }
    }
}
