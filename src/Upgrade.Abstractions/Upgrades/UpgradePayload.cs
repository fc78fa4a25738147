using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>
/// What a control plane sends a node to upgrade it: references to the artifact and the configuration content, never
/// execution instructions. The agent builds the action sequence itself.
/// </summary>
public sealed class UpgradePayload
{
    /// <summary>Gets the identifier of this upgrade execution. The same identifier always means the same inputs.</summary>
    [JsonPropertyName("upgrade_id")]
    public required string UpgradeId { get; init; }

    /// <summary>Gets the name of the binary (or component) to upgrade.</summary>
    [JsonPropertyName("binary_name")]
    public required string BinaryName { get; init; }

    /// <summary>Gets the version the node is expected to run now.</summary>
    [JsonPropertyName("source_version")]
    public string? SourceVersion { get; init; }

    /// <summary>Gets the version to upgrade to.</summary>
    [JsonPropertyName("target_version")]
    public required string TargetVersion { get; init; }

    /// <summary>Gets the artifact's URL (binary) or digest-pinned reference (image).</summary>
    [JsonPropertyName("artifact_url")]
    public required string ArtifactUrl { get; init; }

    /// <summary>Gets the artifact's required checksum, <c>sha256:&lt;hex&gt;</c>.</summary>
    [JsonPropertyName("artifact_checksum")]
    public required string ArtifactChecksum { get; init; }

    /// <summary>Gets the pre-rendered configuration files to write.</summary>
    [JsonPropertyName("config_files")]
    public IReadOnlyList<ConfigFile> ConfigFiles { get; init; } = [];

    /// <summary>
    /// Gets, on a rollback, the id of the upgrade this one undoes on the node. The configuration files listed in
    /// <see cref="RevertConfigPaths"/> are then restored from that upgrade's backup, so that the previous binary never
    /// starts with the configuration written for the new one.
    /// </summary>
    [JsonPropertyName("reverts_upgrade_id")]
    public string? RevertsUpgradeId { get; init; }

    /// <summary>Gets, on a rollback, the configuration files the reverted upgrade wrote, to restore from its backup.</summary>
    [JsonPropertyName("revert_config_paths")]
    public IReadOnlyList<string> RevertConfigPaths { get; init; } = [];

    /// <summary>Gets the declared state compatibility.</summary>
    [JsonPropertyName("migration_type")]
    public MigrationType MigrationType { get; init; } = MigrationType.None;
}
