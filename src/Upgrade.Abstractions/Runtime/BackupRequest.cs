namespace Upgrade;

/// <summary>What <see cref="IRuntimeAdapter.BackupStateAsync"/> saves, and where.</summary>
public sealed record BackupRequest
{
    /// <summary>Gets the backup directory, <c>{data_dir}/.upgrade-backup/{upgrade_id}</c>.</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>Gets the upgrade the backup belongs to.</summary>
    public required string UpgradeId { get; init; }

    /// <summary>Gets the install target whose current artifact is saved.</summary>
    public required string InstallTarget { get; init; }

    /// <summary>Gets the configuration files the upgrade will write; those that exist are saved.</summary>
    public IReadOnlyList<string> ConfigPaths { get; init; } = [];
}
