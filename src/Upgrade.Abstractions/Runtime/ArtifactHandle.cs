namespace Upgrade;

/// <summary>An acquired artifact, as the adapter that acquired it keeps it.</summary>
public sealed record ArtifactHandle
{
    /// <summary>Gets where the artifact is: a download path, an image reference.</summary>
    public required string Location { get; init; }

    /// <summary>Gets the checksum the artifact was acquired for.</summary>
    public required string Checksum { get; init; }
}
