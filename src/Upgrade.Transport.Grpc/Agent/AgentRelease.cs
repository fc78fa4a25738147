using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Upgrade.Internal;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// The release the node runs, as the agent reports it: what the latest successful upgrade (or rollback, which is an
/// ordinary payload with swapped versions) installed. Kept in <c>release.json</c> in the state directory.
/// </summary>
/// <remarks>
/// The release only ever moves to a succeeded upgrade whose outcome ended later than the one it holds, so a replayed
/// outcome of an older upgrade never moves it back, and applying the same outcome twice changes nothing. The agent
/// applies an outcome before it sends or journals it as ended; an agent killed in between finds the upgrade in its
/// journal at the next start and applies the stored outcome then.
/// </remarks>
internal sealed class AgentRelease
{
    private const string FileName = "release.json";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Saved? _current;
    private bool _loaded;

    public AgentRelease(string stateDirectory, ILogger logger)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _logger = logger;
    }

    /// <summary>Gets the release to report, or <see langword="null"/> before the first successful upgrade.</summary>
    public Release? Current => _current is { } saved ? new Release { Version = saved.Version, ArtifactUrl = saved.ArtifactUrl, ArtifactChecksum = saved.ArtifactChecksum } : null;

    /// <summary>Reads the saved release; an unreadable file counts as none.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Moves the release to what <paramref name="payload"/> installed when its outcome is a newer success.</summary>
    /// <returns><see langword="true"/> when the release changed.</returns>
    public async Task<bool> ApplyAsync(UpgradePayload payload, UpgradeOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome is not UpgradeSucceeded || !string.Equals(payload.UpgradeId, outcome.UpgradeId, StringComparison.Ordinal))
        {
            return false;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
            if (_current is { } current && (current.CompletedAt > outcome.CompletedAt || string.Equals(current.UpgradeId, outcome.UpgradeId, StringComparison.Ordinal)))
            {
                return false;
            }

            var next = new Saved(payload.TargetVersion, payload.ArtifactUrl, payload.ArtifactChecksum, payload.UpgradeId, outcome.CompletedAt);

            // Reported from memory at once; a failed write is logged and the journal still holds the upgrade until the
            // control plane acknowledges it.
            _current = next;
            try
            {
                // An artifact URL may carry a signed query: readable by the agent's user only, like the journal.
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                await AtomicFile.WriteAllBytesAsync(_path, JsonSerializer.SerializeToUtf8Bytes(next), OwnerOnly, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.ClientReleaseWriteFailed(payload.UpgradeId, exception);
            }

            _logger.ClientReleaseRecorded(next.Version, next.UpgradeId);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            var stream = File.OpenRead(_path);
            await using (stream.ConfigureAwait(false))
            {
                var saved = await JsonSerializer.DeserializeAsync<Saved>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (saved is null || string.IsNullOrWhiteSpace(saved.Version) || saved.ArtifactUrl is null || saved.ArtifactChecksum is null || saved.UpgradeId is null)
                {
                    throw new JsonException("The release file is incomplete.");
                }

                _current = saved;
            }
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            _logger.ClientReleaseUnreadable(_path, exception);
        }
    }

    /// <summary>The saved release and the upgrade that installed it, whose end orders it against later outcomes.</summary>
    private sealed record Saved(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("artifact_url")] string ArtifactUrl,
        [property: JsonPropertyName("artifact_checksum")] string ArtifactChecksum,
        [property: JsonPropertyName("upgrade_id")] string UpgradeId,
        [property: JsonPropertyName("completed_at")] DateTimeOffset CompletedAt);
}
