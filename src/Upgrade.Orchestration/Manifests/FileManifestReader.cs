using System.Text;

namespace Upgrade.Orchestration;

/// <summary>
/// Reads manifests from <c>{ConfigDir}/upgrades/{chain_profile_id}/{upgrade_id}.yaml</c>. The config directory is
/// resolved at every call, so a directory synced or switched at run time is picked up.
/// </summary>
public sealed class FileManifestReader : IManifestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
    private readonly Func<string> _configDirectory;
    private readonly long _maxManifestBytes;

    /// <summary>Initializes a new instance of the <see cref="FileManifestReader"/> class.</summary>
    /// <param name="configDirectory">Returns the config directory; called at every read.</param>
    /// <param name="maxManifestBytes">The largest manifest file accepted.</param>
    public FileManifestReader(Func<string> configDirectory, long maxManifestBytes)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxManifestBytes);
        _configDirectory = configDirectory;
        _maxManifestBytes = maxManifestBytes;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A file with many errors lists the first 100, then one <see cref="ManifestRules.TooManyErrors"/> error with the
    /// number of errors left out.
    /// </remarks>
    public async Task<UpgradeManifest?> GetAsync(string chainProfileId, string upgradeId, CancellationToken cancellationToken)
    {
        var path = PathOf(chainProfileId, upgradeId);
        var bytes = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var manifest = Parse(path, bytes);
        var errors = new List<UpgradeValidationError>();
        if (!string.Equals(manifest.UpgradeId, upgradeId, StringComparison.Ordinal))
        {
            errors.Add(new UpgradeValidationError { Field = "upgrade_id", Rule = ManifestRules.Value, Message = $"{path}: upgrade_id '{manifest.UpgradeId}' does not match the file name '{upgradeId}'." });
        }

        if (!string.Equals(manifest.ChainProfileId, chainProfileId, StringComparison.Ordinal))
        {
            errors.Add(new UpgradeValidationError { Field = "chain_profile_id", Rule = ManifestRules.Value, Message = $"{path}: chain_profile_id '{manifest.ChainProfileId}' does not match the directory '{chainProfileId}'." });
        }

        return errors.Count > 0 ? throw new UpgradeValidationException($"upgrade manifest '{path}'", errors) : manifest;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<UpgradeManifest>> ListAsync(string chainProfileId, CancellationToken cancellationToken)
    {
        ManifestIds.Validate(chainProfileId, "chain_profile_id");
        var directory = Path.Combine(_configDirectory(), "upgrades", chainProfileId);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var list = new List<UpgradeManifest>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var manifest = await GetAsync(chainProfileId, Path.GetFileNameWithoutExtension(file), cancellationToken).ConfigureAwait(false);
            if (manifest is not null)
            {
                list.Add(manifest);
            }
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task<string?> ContentHashAsync(string chainProfileId, string upgradeId, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(PathOf(chainProfileId, upgradeId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Sha256Checksum.Compute(bytes);
    }

    private static UpgradeManifest Parse(string path, byte[] bytes)
    {
        string text;
        try
        {
            // A UTF-8 byte order mark is allowed at the start of a YAML stream; left in, it became part of the first key.
            text = StrictUtf8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0));
        }
        catch (DecoderFallbackException exception)
        {
            throw new UpgradeValidationException($"upgrade manifest '{path}'", [new UpgradeValidationError { Field = "$", Rule = ManifestRules.Syntax, Message = $"{path}: the file is not valid UTF-8 ({exception.Message})" }]);
        }

        return ManifestParser.Parse(text, path, Sha256Checksum.Compute(bytes));
    }

    private string PathOf(string chainProfileId, string upgradeId)
    {
        var errors = new[] { ManifestIds.Check(chainProfileId, "chain_profile_id"), ManifestIds.Check(upgradeId, "upgrade_id") }
            .OfType<UpgradeValidationError>().ToList();
        if (errors.Count > 0)
        {
            throw new UpgradeValidationException("manifest id", errors);
        }

        return Path.Combine(_configDirectory(), "upgrades", chainProfileId, upgradeId + ".yaml");
    }

    private async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.Asynchronous);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            // Read one byte past the limit rather than trusting Length, which a growing file can outrun.
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > _maxManifestBytes)
                {
                    throw new UpgradeValidationException($"upgrade manifest '{path}'", [new UpgradeValidationError
                    {
                        Field = "$",
                        Rule = ManifestRules.Size,
                        Message = $"{path}: the file is larger than the limit of {_maxManifestBytes} bytes.",
                    }]);
                }
            }

            return buffer.ToArray();
        }
    }
}
