using System.Text.Json;
using System.Text.Json.Serialization;

namespace Upgrade.CrashMatrix;

/// <summary>
/// What the agent test host reads from its payload file: the node's runtime and agent settings, and the one upgrade
/// payload it runs. Every run of a case reads the same file.
/// </summary>
public sealed class HostPayloadFile
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Gets the runtime type: <c>systemd</c> or <c>docker</c>.</summary>
    public required string Runtime { get; init; }

    public string? UnitName { get; init; }

    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    public string? DockerEndpoint { get; init; }

    public string? ContainerName { get; init; }

    public IReadOnlyList<string> AllowedConfigRoots { get; init; } = [];

    public required string InstallTarget { get; init; }

    public required string DataDirectory { get; init; }

    public required string UpgradeId { get; init; }

    public required string TargetVersion { get; init; }

    public string? SourceVersion { get; init; }

    public required string ArtifactUrl { get; init; }

    public required string ArtifactChecksum { get; init; }

    public IReadOnlyList<HostConfigFile> ConfigFiles { get; init; } = [];

    public static async Task<HostPayloadFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<HostPayloadFile>(stream, JsonOptions, cancellationToken)
               ?? throw new InvalidDataException($"The payload file '{path}' is empty.");
    }

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }
}

/// <summary>A config file of the payload; its content travels as base64.</summary>
public sealed class HostConfigFile
{
    public required string Path { get; init; }

    public required string ContentBase64 { get; init; }
}
