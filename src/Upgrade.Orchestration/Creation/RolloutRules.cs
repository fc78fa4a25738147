namespace Upgrade.Orchestration;

/// <summary>The rule names of rollout validation errors (<see cref="UpgradeValidationError.Rule"/>).</summary>
public static class RolloutRules
{
    /// <summary>Rule 1: the checksum must be non-empty.</summary>
    public const string ChecksumRequired = "rule-1";

    /// <summary>Rule 2: Docker chains need a <c>sha256:</c> checksum.</summary>
    public const string DockerChecksumFormat = "rule-2";

    /// <summary>Rule 3: Docker chains need a digest-pinned image reference (<c>@sha256:</c>), no mutable tags.</summary>
    public const string DockerDigestPinned = "rule-3";

    /// <summary>Rule 4: the target version must differ from the source version.</summary>
    public const string VersionChange = "rule-4";

    /// <summary>Rule 5: one active rollout per chain.</summary>
    public const string OneActivePerChain = "rule-5";

    /// <summary>Rule 6: the manifest content hash is computed (auto mode) or provided (manual mode).</summary>
    public const string ManifestHash = "rule-6";

    /// <summary>Rule 7: breaking migrations need a recovery plan, the canary strategy and acknowledge_state_risk.</summary>
    public const string BreakingMigration = "rule-7";

    /// <summary>Rule 8: component indexes are unique within a group and follow component_order.</summary>
    public const string GroupComponentOrder = "rule-8";

    /// <summary>Rule 9: a group needs a failure policy, non-empty desired versions, and a component order covering them.</summary>
    public const string GroupDefinition = "rule-9";

    /// <summary>A required field is missing.</summary>
    public const string Required = "required";

    /// <summary>A number or duration is out of range.</summary>
    public const string Range = "range";

    /// <summary>A field was given in auto mode, where the manifest provides it.</summary>
    public const string Mode = "mode";

    /// <summary>The manifest named by upgrade_id does not exist or disagrees with the request.</summary>
    public const string Manifest = "manifest";

    /// <summary>A config template is missing or uses an undefined variable.</summary>
    public const string ConfigRender = "config-render";

    /// <summary>The artifact URL of a binary runtime is not an absolute <c>https</c> or <c>http</c> URL.</summary>
    public const string UrlScheme = "url-scheme";

    /// <summary>The artifact URL carries credentials, which would be stored with the rollout and sent to every node.</summary>
    public const string UrlCredentials = "url-credentials";
}
