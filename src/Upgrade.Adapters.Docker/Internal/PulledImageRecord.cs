using System.Text.Json.Serialization;

namespace Upgrade.Adapters.Docker.Internal;

/// <summary>The content of a record file.</summary>
internal sealed class PulledImageRecord
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    [JsonPropertyName("reference")]
    public string Reference { get; set; } = string.Empty;

    [JsonPropertyName("recorded_at")]
    public DateTimeOffset RecordedAt { get; set; }
}
