using System.Text.Json.Serialization;

namespace Upgrade.Adapters.FileSystem;

/// <summary>One file of a backup: where it came from, where its copy is, and what it hashed to.</summary>
internal sealed class BackupEntry
{
    public const string BinaryKind = "binary";

    public const string ConfigKind = "config";

    /// <summary>Gets or sets <see cref="BinaryKind"/> or <see cref="ConfigKind"/>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>Gets or sets the absolute path the file is restored to.</summary>
    [JsonPropertyName("original_path")]
    public string OriginalPath { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the file existed; a restore deletes files that did not.</summary>
    [JsonPropertyName("existed")]
    public bool Existed { get; set; }

    /// <summary>Gets or sets the copy's path, relative to the backup directory.</summary>
    [JsonPropertyName("backup_path")]
    public string? BackupPath { get; set; }

    /// <summary>Gets or sets the file's permission bits, in octal (<c>0755</c>).</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    /// <summary>Gets or sets the checksum of the original content, <c>sha256:&lt;hex&gt;</c>.</summary>
    [JsonPropertyName("checksum")]
    public string? Checksum { get; set; }

    [JsonIgnore]
    public bool IsBinary => string.Equals(Kind, BinaryKind, StringComparison.Ordinal);
}
