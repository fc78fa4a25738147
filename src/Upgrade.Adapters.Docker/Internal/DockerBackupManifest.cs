using System.Text.Json.Serialization;

namespace Upgrade.Adapters.Docker.Internal;

/// <summary>The manifest of a container backup, written last as the marker that the backup is complete.</summary>
internal sealed class DockerBackupManifest
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    [JsonPropertyName("upgrade_id")]
    public string UpgradeId { get; set; } = string.Empty;

    [JsonPropertyName("container_name")]
    public string ContainerName { get; set; } = string.Empty;

    [JsonPropertyName("container_id")]
    public string ContainerId { get; set; } = string.Empty;

    [JsonPropertyName("image_id")]
    public string ImageId { get; set; } = string.Empty;

    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("container_config")]
    public BackupFileEntry ContainerConfig { get; set; } = new();

    [JsonPropertyName("configs")]
    public List<BackupConfigEntry> Configs { get; set; } = [];
}

/// <summary>A file saved in a backup and its checksum.</summary>
internal sealed class BackupFileEntry
{
    [JsonPropertyName("file")]
    public string File { get; set; } = string.Empty;

    [JsonPropertyName("checksum")]
    public string Checksum { get; set; } = string.Empty;
}

/// <summary>A configuration file as it was before the upgrade: saved with its checksum, or recorded as absent.</summary>
internal sealed class BackupConfigEntry
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = string.Empty;

    [JsonPropertyName("existed")]
    public bool Existed { get; set; }

    [JsonPropertyName("file")]
    public string? File { get; set; }

    [JsonPropertyName("checksum")]
    public string? Checksum { get; set; }

    [JsonPropertyName("unix_mode")]
    public int? UnixMode { get; set; }
}
