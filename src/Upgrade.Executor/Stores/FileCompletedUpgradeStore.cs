using Upgrade.Internal;

namespace Upgrade.Executor;

/// <summary>
/// A durable completed-upgrade store: one file per upgrade in a directory, written atomically (temporary file, fsync,
/// rename, fsync of the directory), so that a kill at any instant leaves either no record or the whole record.
/// </summary>
public sealed class FileCompletedUpgradeStore : ICompletedUpgradeStore
{
    private const string Extension = ".completed.json";

    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="FileCompletedUpgradeStore"/> class.</summary>
    /// <param name="directory">The directory that holds the records; created when missing.</param>
    public FileCompletedUpgradeStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <inheritdoc/>
    public async ValueTask<CompletedUpgrade?> GetAsync(string upgradeId, CancellationToken cancellationToken)
        => await StoreFile.ReadAsync<CompletedUpgrade>(PathOf(upgradeId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task SaveAsync(CompletedUpgrade record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = PathOf(record.UpgradeId);
        if (File.Exists(path))
        {
            // The first record wins: an upgrade ends once.
            return;
        }

        AtomicFile.DeleteStaleTempFiles(path);
        await StoreFile.WriteAsync(path, record, cancellationToken).ConfigureAwait(false);
    }

    private string PathOf(string upgradeId)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        return Path.Combine(_directory, upgradeId + Extension);
    }
}
