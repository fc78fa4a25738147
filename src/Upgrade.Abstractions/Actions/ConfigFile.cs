using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>A configuration file to write, pre-rendered by the control plane.</summary>
public sealed class ConfigFile
{
    /// <summary>Gets the absolute path of the file on the node.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Gets the full content of the file.</summary>
    [JsonPropertyName("content")]
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Gets the expected checksum of <see cref="Content"/>, in the form <c>sha256:&lt;hex&gt;</c>.</summary>
    [JsonPropertyName("checksum")]
    public required string Checksum { get; init; }

    /// <summary>Creates a <see cref="ConfigFile"/> whose checksum is computed from its content.</summary>
    /// <param name="path">The absolute path of the file on the node.</param>
    /// <param name="content">The full content of the file.</param>
    /// <returns>The configuration file.</returns>
    public static ConfigFile Create(string path, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ConfigFile { Path = path, Content = content, Checksum = Sha256Checksum.Compute(content.Span) };
    }
}
