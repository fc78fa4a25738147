using Upgrade.Internal;

namespace Upgrade.Adapters.Systemd;

/// <summary>Writing configuration files inside the allowed roots.</summary>
internal sealed partial class SystemdRuntimeAdapter
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

        await AtomicFile.WriteAllBytesAsync(resolved, content, SystemdConstants.ConfigFileMode, cancellationToken).ConfigureAwait(false);
        _logger.ConfigWritten(resolved);
    }

    /// <inheritdoc/>
    public Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return FileCopy.MatchesAsync(path, expectedChecksum, cancellationToken);
    }
}
