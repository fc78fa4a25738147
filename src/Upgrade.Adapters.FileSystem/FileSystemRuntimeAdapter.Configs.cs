using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Writing configuration files inside the allowed roots.</summary>
public abstract partial class FileSystemRuntimeAdapter
{
    /// <inheritdoc/>
    public async Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Resolved before anything is written: a path that leads out of the roots changes nothing.
        var resolved = _configPaths.Resolve(path);
        var directory = Path.GetDirectoryName(resolved)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // A write killed before its rename leaves a temporary file; the repeated write removes it.
        AtomicFile.DeleteStaleTempFiles(resolved);
        await AtomicFile.WriteAllBytesAsync(resolved, content, FileSystemConstants.ConfigFileMode, cancellationToken).ConfigureAwait(false);
        Logger.ConfigWritten(resolved);
    }

    /// <inheritdoc/>
    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return FileCopy.MatchesAsync(path, expectedChecksum, cancellationToken);
    }
}
