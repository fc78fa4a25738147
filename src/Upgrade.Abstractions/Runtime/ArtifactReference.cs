namespace Upgrade;

/// <summary>Where an artifact comes from and what it must hash to.</summary>
public sealed record ArtifactReference
{
    /// <summary>Gets the source: an HTTP(S) URL for a binary, <c>repository@sha256:digest</c> for an image.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the required checksum: <c>sha256:&lt;hex&gt;</c> of a binary, or an image's digest.</summary>
    public required string Checksum { get; init; }

    /// <summary>Gets the version the artifact carries, when known.</summary>
    public string? Version { get; init; }
}
