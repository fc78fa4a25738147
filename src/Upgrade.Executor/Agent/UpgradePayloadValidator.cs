using Upgrade.Internal;

namespace Upgrade.Executor;

/// <summary>
/// Checks an <see cref="UpgradePayload"/> on the node before anything runs. Every broken rule is reported with its
/// field; values that may carry secrets (URLs, config content) are never echoed.
/// </summary>
/// <remarks>
/// When <see cref="UpgradeAgentOptions.AllowedConfigRoots"/> is set, config paths are also resolved on the local file
/// system (following symbolic links) and must land inside those roots: the only check that reads the file system.
/// </remarks>
public static class UpgradePayloadValidator
{
    private const int MaxNameLength = 100;
    private const int MaxVersionLength = 50;
    private const int MaxUrlLength = 2048;

    /// <summary>Validates a payload for a node.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="options">The node's agent options.</param>
    /// <returns>Every violation; empty when the payload is valid.</returns>
    public static IReadOnlyList<UpgradeValidationError> Validate(UpgradePayload payload, UpgradeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<UpgradeValidationError>();
        void Add(string field, string rule, string message) => errors.Add(new UpgradeValidationError { Field = field, Rule = rule, Message = message });

        if (!UpgradeIds.IsValid(payload.UpgradeId))
        {
            Add("upgrade_id", "upgrade-id-format", $"must be 1 to {UpgradeIds.MaxLength} characters from A-Z a-z 0-9 . _ -, not starting with a dot");
        }

        if (!IsName(payload.BinaryName))
        {
            Add("binary_name", "name-format", $"must be 1 to {MaxNameLength} characters from A-Z a-z 0-9 . _ -, not starting with a dot");
        }

        if (string.IsNullOrWhiteSpace(payload.TargetVersion) || payload.TargetVersion.Length > MaxVersionLength)
        {
            Add("target_version", "version-format", $"must be 1 to {MaxVersionLength} characters");
        }
        else if (string.Equals(payload.TargetVersion, payload.SourceVersion, StringComparison.Ordinal))
        {
            Add("target_version", "rule-4", "must differ from source_version");
        }

        if (string.IsNullOrEmpty(payload.ArtifactChecksum))
        {
            Add("artifact_checksum", "rule-1", "is required");
        }
        else if (!Sha256Checksum.IsValid(payload.ArtifactChecksum))
        {
            Add("artifact_checksum", "rule-2", "must be 'sha256:' followed by 64 hexadecimal digits");
        }

        // JSON accepts any number for an enum; an undefined one would pick no rollback tier.
        if (!Enum.IsDefined(payload.MigrationType))
        {
            Add("migration_type", "migration-type", "must be one of none, compatible, breaking");
        }

        ValidateArtifactUrl(payload, options, Add);
        ValidateConfigFiles(payload, options, Add);
        ValidateRevert(payload, Add);
        ValidateConfigRoots(payload, options, Add);
        return errors;
    }

    /// <summary>Validates a payload and throws when it breaks any rule.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="options">The node's agent options.</param>
    /// <exception cref="UpgradeValidationException">The payload is invalid; the exception lists every violation.</exception>
    public static void ThrowIfInvalid(UpgradePayload payload, UpgradeAgentOptions options)
    {
        var errors = Validate(payload, options);
        if (errors.Count > 0)
        {
            throw new UpgradeValidationException("upgrade payload", errors);
        }
    }

    private static void ValidateArtifactUrl(UpgradePayload payload, UpgradeAgentOptions options, Action<string, string, string> add)
    {
        const string Field = "artifact_url";
        var url = payload.ArtifactUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            add(Field, "required", "is required");
            return;
        }

        if (url.Length > MaxUrlLength)
        {
            add(Field, "url-length", $"must be at most {MaxUrlLength} characters");
            return;
        }

        if (string.Equals(options.RuntimeType, RuntimeTypes.Docker, StringComparison.Ordinal))
        {
            var at = url.IndexOf("@sha256:", StringComparison.Ordinal);
            if (at <= 0)
            {
                add(Field, "rule-3", "must be a digest-pinned image reference (repository@sha256:<digest>), not a mutable tag");
            }
            else if (Sha256Checksum.IsValid(payload.ArtifactChecksum) && !Sha256Checksum.AreEqual(url[(at + 1)..], payload.ArtifactChecksum))
            {
                add(Field, "digest-mismatch", "the digest in the reference must equal artifact_checksum");
            }

            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            add(Field, "url-format", "must be an absolute URL");
            return;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowInsecureHttp))
        {
            add(Field, "url-scheme", options.AllowInsecureHttp ? "must use https or http" : "must use https (plain http is not allowed on this node)");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            add(Field, "url-credentials", "must not carry credentials; configure them on the node instead");
        }
    }

    private static void ValidateConfigFiles(UpgradePayload payload, UpgradeAgentOptions options, Action<string, string, string> add)
    {
        var files = payload.ConfigFiles ?? [];
        if (files.Count > options.MaxConfigFiles)
        {
            add("config_files", "config-count", $"must hold at most {options.MaxConfigFiles} files");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var field = $"config_files[{i}]";
            if (file is null)
            {
                add(field, "required", "must not be null");
                continue;
            }

            if (string.IsNullOrEmpty(file.Path) || !Path.IsPathFullyQualified(file.Path) || file.Path.Contains('\0', StringComparison.Ordinal))
            {
                add(field + ".path", "config-path-absolute", "must be an absolute path");
            }
            else if (file.Path.Split('/').Any(segment => segment is ".." or "."))
            {
                add(field + ".path", "config-path-traversal", "must not contain '.' or '..' segments");
            }
            else if (!seen.Add(file.Path))
            {
                add(field + ".path", "config-path-unique", "appears more than once");
            }

            if (file.Content.Length > options.MaxConfigFileBytes)
            {
                add(field + ".content", "config-size", $"must be at most {options.MaxConfigFileBytes} bytes");
            }

            if (!Sha256Checksum.IsValid(file.Checksum))
            {
                add(field + ".checksum", "checksum-format", "must be 'sha256:' followed by 64 hexadecimal digits");
            }
            else if (!Sha256Checksum.AreEqual(file.Checksum, Sha256Checksum.Compute(file.Content.Span)))
            {
                add(field + ".checksum", "config-checksum", "does not match the content");
            }
        }
    }

    private static void ValidateRevert(UpgradePayload payload, Action<string, string, string> add)
    {
        var paths = payload.RevertConfigPaths ?? [];
        if (payload.RevertsUpgradeId is { } reverted)
        {
            if (!UpgradeIds.IsValid(reverted))
            {
                add("reverts_upgrade_id", "upgrade-id-format", $"must be 1 to {UpgradeIds.MaxLength} characters from A-Z a-z 0-9 . _ -, not starting with a dot");
            }
            else if (string.Equals(reverted, payload.UpgradeId, StringComparison.Ordinal))
            {
                add("reverts_upgrade_id", "revert-self", "must name another upgrade than upgrade_id");
            }
        }
        else if (paths.Count > 0)
        {
            add("revert_config_paths", "revert-requires-upgrade", "needs reverts_upgrade_id, the upgrade whose backup holds them");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            var field = $"revert_config_paths[{i}]";
            if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal))
            {
                add(field, "config-path-absolute", "must be an absolute path");
            }
            else if (path.Split('/').Any(segment => segment is ".." or "."))
            {
                add(field, "config-path-traversal", "must not contain '.' or '..' segments");
            }
            else if (!seen.Add(path))
            {
                add(field, "config-path-unique", "appears more than once");
            }
        }
    }

    private static void ValidateConfigRoots(UpgradePayload payload, UpgradeAgentOptions options, Action<string, string, string> add)
    {
        if (options.AllowedConfigRoots.Count == 0)
        {
            return;
        }

        // Only paths that passed the syntactic checks: the others already have an error, and the guard needs an absolute path.
        var guard = new ConfigPathGuard(options.AllowedConfigRoots);
        var files = payload.ConfigFiles ?? [];
        if (files.Count <= options.MaxConfigFiles)
        {
            for (var i = 0; i < files.Count; i++)
            {
                CheckRoot(guard, files[i]?.Path, options, $"config_files[{i}].path", add);
            }
        }

        var paths = payload.RevertConfigPaths ?? [];
        for (var i = 0; i < paths.Count; i++)
        {
            CheckRoot(guard, paths[i], options, $"revert_config_paths[{i}]", add);
        }
    }

    private static void CheckRoot(ConfigPathGuard guard, string? path, UpgradeAgentOptions options, string field, Action<string, string, string> add)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal)
            || path.Split('/').Any(segment => segment is ".." or "."))
        {
            return;
        }

        var mapped = string.IsNullOrEmpty(options.RootDirectory) ? path : Path.Join(options.RootDirectory, path);
        if (!guard.IsAllowed(mapped))
        {
            add(field, "config-path-root", "must resolve, following symbolic links, to a file inside the node's allowed configuration roots");
        }
    }

    private static bool IsName(string? value)
        => !string.IsNullOrEmpty(value) && value.Length <= MaxNameLength && value[0] != '.'
           && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
