using Upgrade.Internal;

namespace Upgrade.Executor;

/// <summary>
/// A durable checkpoint store: one file per running upgrade in a directory, replaced atomically (temporary file, fsync,
/// rename, fsync of the directory), so that a read after a kill at any instant returns the last fully saved checkpoint.
/// </summary>
public sealed class FileCheckpointStore : ICheckpointStore
{
    private const string Extension = ".checkpoint.json";

    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="FileCheckpointStore"/> class.</summary>
    /// <param name="directory">The directory that holds the checkpoints; created when missing.</param>
    public FileCheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <inheritdoc/>
    public async ValueTask<UpgradeCheckpoint?> GetAsync(string upgradeId, CancellationToken cancellationToken)
        => await StoreFile.ReadAsync<UpgradeCheckpoint>(PathOf(upgradeId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task SaveAsync(UpgradeCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return StoreFile.WriteAsync(PathOf(checkpoint.UpgradeId), checkpoint, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The directory is not synced: the outcome recorded before the removal makes a reappearing checkpoint harmless.</remarks>
    public Task DeleteAsync(string upgradeId, CancellationToken cancellationToken)
    {
        var path = PathOf(upgradeId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        AtomicFile.DeleteStaleTempFiles(path);
        return Task.CompletedTask;
    }

    private string PathOf(string upgradeId)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        return Path.Combine(_directory, upgradeId + Extension);
    }
}
