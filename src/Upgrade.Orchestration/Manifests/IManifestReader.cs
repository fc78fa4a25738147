namespace Upgrade.Orchestration;

/// <summary>Reads upgrade manifests.</summary>
public interface IManifestReader
{
    /// <summary>Reads and validates one manifest.</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="UpgradeValidationException">An id or the file is invalid; the errors name the file, line and field.</exception>
    Task<UpgradeManifest?> GetAsync(string chainProfileId, string upgradeId, CancellationToken cancellationToken);

    /// <summary>Reads and validates every manifest of a chain, ordered by upgrade id.</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifests.</returns>
    /// <exception cref="UpgradeValidationException">An id or a file is invalid.</exception>
    Task<IReadOnlyList<UpgradeManifest>> ListAsync(string chainProfileId, CancellationToken cancellationToken);

    /// <summary>Computes the content hash of a manifest file (<c>sha256:&lt;hex&gt;</c> of its raw bytes).</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="upgradeId">The upgrade.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The hash, or <see langword="null"/> when there is no such manifest.</returns>
    /// <exception cref="UpgradeValidationException">An id is invalid or the file is too large.</exception>
    Task<string?> ContentHashAsync(string chainProfileId, string upgradeId, CancellationToken cancellationToken);
}
