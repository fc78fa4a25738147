namespace Upgrade.Adapters.Docker.Internal;

/// <summary>A digest-pinned image reference, <c>repository@sha256:&lt;64 hex&gt;</c>.</summary>
internal sealed record ImageReference
{
    private ImageReference(string repository, string digest)
    {
        Repository = repository;
        Digest = digest;
    }

    /// <summary>Gets the repository, without tag: <c>registry:port/name</c>.</summary>
    public string Repository { get; }

    /// <summary>Gets the manifest digest, <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    public string Digest { get; }

    /// <summary>Gets the reference the engine pulls and inspects: <c>repository@digest</c>.</summary>
    public string Reference => Repository + "@" + Digest;

    /// <summary>
    /// Parses an artifact for a Docker runtime. The source must be pinned by digest (no mutable tag) and the checksum must
    /// be <c>sha256:</c>-prefixed and equal to that digest.
    /// </summary>
    /// <exception cref="UpgradeValidationException">The reference or the checksum breaks a rule; nothing was changed.</exception>
    public static ImageReference Parse(string source, string checksum)
    {
        var errors = new List<UpgradeValidationError>();
        var reference = TryParse(source, out var sourceError);
        if (reference is null)
        {
            errors.Add(new UpgradeValidationError { Field = "artifact.source", Rule = "digest_pinned", Message = sourceError! });
        }

        if (!Sha256Checksum.IsValid(checksum))
        {
            errors.Add(new UpgradeValidationError
            {
                Field = "artifact.checksum",
                Rule = "sha256_prefixed",
                Message = $"The checksum '{checksum}' of a Docker image must be 'sha256:' followed by 64 hexadecimal digits.",
            });
        }
        else if (reference is not null && !Sha256Checksum.AreEqual(reference.Digest, checksum))
        {
            errors.Add(new UpgradeValidationError
            {
                Field = "artifact.checksum",
                Rule = "checksum_matches_digest",
                Message = $"The checksum '{checksum}' differs from the digest '{reference.Digest}' the image reference is pinned to.",
            });
        }

        if (errors.Count > 0)
        {
            throw new UpgradeValidationException($"image '{source}'", errors);
        }

        return reference!;
    }

    /// <summary>Parses a digest-pinned reference; returns <see langword="null"/> and the reason when it is not one.</summary>
    public static ImageReference? TryParse(string? source, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(source) || source.Any(char.IsWhiteSpace))
        {
            error = $"The image reference '{source}' is empty or contains white space.";
            return null;
        }

        var at = source.LastIndexOf('@');
        if (at < 0)
        {
            error = $"The image reference '{source}' is not pinned by digest: mutable tags are refused. Use 'repository@sha256:<digest>'.";
            return null;
        }

        var name = source[..at];
        var digest = source[(at + 1)..];
        if (!digest.StartsWith(Sha256Checksum.Prefix, StringComparison.Ordinal) || !Sha256Checksum.IsValid(digest.ToLowerInvariant()))
        {
            error = $"The image reference '{source}' has no valid sha256 digest after '@': it must be 'sha256:' followed by 64 hexadecimal digits.";
            return null;
        }

        // A tag next to a digest is ignored by the engine; keep only the repository so that the reference is canonical.
        var lastSlash = name.LastIndexOf('/');
        var tagColon = name.IndexOf(':', lastSlash + 1);
        var repository = tagColon >= 0 ? name[..tagColon] : name;
        if (repository.Length == 0 || repository.StartsWith('/') || repository.EndsWith('/') || repository.Contains("//", StringComparison.Ordinal))
        {
            error = $"The image reference '{source}' has no valid repository name before '@'.";
            return null;
        }

        return new ImageReference(repository, digest.ToLowerInvariant());
    }
}
