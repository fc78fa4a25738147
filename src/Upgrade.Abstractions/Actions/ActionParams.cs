namespace Upgrade;

/// <summary>
/// Everything an <see cref="IUpgradeAction"/> needs to know about one upgrade of one node. The agent builds it from an
/// <see cref="UpgradePayload"/> and its own configuration of the node.
/// </summary>
public sealed class ActionParams
{
    /// <summary>Gets the identifier of the upgrade execution; also the name of its backup directory.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the name of the binary (or component) being upgraded.</summary>
    public required string BinaryName { get; init; }

    /// <summary>Gets the version the node runs before the upgrade, when known.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Gets the version the node runs after the upgrade.</summary>
    public required string TargetVersion { get; init; }

    /// <summary>Gets the artifact to acquire and install.</summary>
    public required ArtifactReference Artifact { get; init; }

    /// <summary>
    /// Gets where the artifact is installed: a file path for a binary runtime, a container name for a container runtime.
    /// </summary>
    public required string InstallTarget { get; init; }

    /// <summary>Gets the configuration files to write, with their full content.</summary>
    public IReadOnlyList<ConfigFile> ConfigFiles { get; init; } = [];

    /// <summary>Gets the directory that holds this upgrade's backup: <c>{data_dir}/.upgrade-backup/{upgrade_id}</c>.</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>Gets the node's data directory. Upgrades never change its content.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Gets, when this upgrade undoes an earlier one, the backup directory of that upgrade: the configuration files in
    /// <see cref="RevertConfigPaths"/> are restored from it.
    /// </summary>
    public string? RevertBackupDirectory { get; init; }

    /// <summary>Gets the configuration files to restore from <see cref="RevertBackupDirectory"/>.</summary>
    public IReadOnlyList<string> RevertConfigPaths { get; init; } = [];

    /// <summary>Gets the declared state compatibility of the upgrade.</summary>
    public MigrationType MigrationType { get; init; } = MigrationType.None;
}
