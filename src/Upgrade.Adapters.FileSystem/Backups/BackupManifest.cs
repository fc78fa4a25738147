using System.Text.Json.Serialization;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// The content of <c>manifest.json</c>: written last and atomically, it is the marker that a backup is complete.
/// </summary>
internal sealed class BackupManifest
{
    /// <summary>The format this version of the adapter writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    [JsonPropertyName("upgrade_id")]
    public string UpgradeId { get; set; } = string.Empty;

    /// <summary>Gets or sets the adapter's service name. The field keeps its first name so that older backups still read.</summary>
    [JsonPropertyName("unit_name")]
    public string ServiceName { get; set; } = string.Empty;

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("files")]
    public List<BackupEntry> Files { get; set; } = [];
}
