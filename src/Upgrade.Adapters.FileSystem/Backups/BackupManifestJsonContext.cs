using System.Text.Json.Serialization;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Serializes backup manifests without reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupManifestJsonContext : JsonSerializerContext
{
}
