using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// The release a node's agent reports that it runs: what its latest successful upgrade (or rollback) installed. See
/// <see cref="GrpcAgentTransport.TryGetReportedRelease"/>.
/// </summary>
/// <param name="Version">The version the node runs.</param>
/// <param name="ArtifactUrl">The artifact's URL (binary) or digest-pinned reference (image) of that version.</param>
/// <param name="ArtifactChecksum">The artifact's checksum, <c>sha256:&lt;64 hex digits&gt;</c>.</param>
public sealed record ReportedRelease(string Version, string ArtifactUrl, string ArtifactChecksum)
{
    private const int MaxVersionLength = 50;
    private const int MaxUrlLength = 2048;

    /// <summary>Reads a release from the wire; <see langword="null"/> with the broken rule when it is not well formed.</summary>
    /// <remarks>The rules are the payload's: the values must be usable as the source and rollback target of an upgrade.</remarks>
    internal static ReportedRelease? FromWire(Release wire, out string? error)
    {
        error = Validate(wire);
        return error is null ? new ReportedRelease(wire.Version, wire.ArtifactUrl, wire.ArtifactChecksum) : null;
    }

    // Values are never echoed: a URL may carry a signed query.
    private static string? Validate(Release wire)
    {
        if (string.IsNullOrWhiteSpace(wire.Version) || wire.Version.Length > MaxVersionLength || wire.Version.Any(char.IsControl))
        {
            return $"version: must be 1 to {MaxVersionLength} characters, without control characters.";
        }

        if (!Sha256Checksum.IsValid(wire.ArtifactChecksum))
        {
            return "artifact_checksum: must be 'sha256:' followed by 64 hexadecimal digits.";
        }

        var url = wire.ArtifactUrl;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"artifact_url: must be 1 to {MaxUrlLength} characters, without white space or control characters.";
        }

        // Either a digest-pinned image reference whose digest is the checksum, or an absolute http(s) URL without
        // credentials: the transport does not know the node's runtime, so it accepts the form of either.
        var at = url.IndexOf("@sha256:", StringComparison.Ordinal);
        if (at > 0 && !url.Contains("://", StringComparison.Ordinal))
        {
            return Sha256Checksum.AreEqual(url[(at + 1)..], wire.ArtifactChecksum)
                ? null
                : "artifact_url: the digest of an image reference must equal artifact_checksum.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "artifact_url: must be an absolute http(s) URL or a digest-pinned image reference (repository@sha256:<digest>).";
        }

        return string.IsNullOrEmpty(uri.UserInfo) ? null : "artifact_url: must not carry credentials.";
    }
}
