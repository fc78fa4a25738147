namespace Upgrade.Orchestration;

/// <summary>An upgrade manifest: the YAML file <c>{ConfigDir}/upgrades/{chain_profile_id}/{upgrade_id}.yaml</c>.</summary>
public sealed record UpgradeManifest
{
    /// <summary>Gets the upgrade id (<c>upgrade_id</c>); equal to the file name without extension.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the chain (<c>chain_profile_id</c>); equal to the directory name.</summary>
    public required string ChainProfileId { get; init; }

    /// <summary>Gets the node type (<c>node_type</c>).</summary>
    public required string NodeType { get; init; }

    /// <summary>Gets the binary name (<c>binary_name</c>).</summary>
    public required string BinaryName { get; init; }

    /// <summary>Gets the version to install (<c>target_version</c>).</summary>
    public required string TargetVersion { get; init; }

    /// <summary>Gets the artifact URL (<c>target_url</c>).</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Gets the artifact checksum (<c>target_checksum</c>).</summary>
    public required string TargetChecksum { get; init; }

    /// <summary>Gets the state compatibility declaration (<c>state_compatibility</c>).</summary>
    public StateCompatibility StateCompatibility { get; init; } = new();

    /// <summary>Gets the config files to render (<c>config_changes</c>).</summary>
    public IReadOnlyList<ConfigChange> ConfigChanges { get; init; } = [];

    /// <summary>Gets the SHA-256 of the raw file bytes (<c>sha256:&lt;hex&gt;</c>).</summary>
    public required string ContentHash { get; init; }

    /// <summary>Gets the file the manifest was read from.</summary>
    public string? SourcePath { get; init; }
}
