using System.Text;

namespace Upgrade.HostileInput.Tests;

/// <summary>The valid payload every payload case of the corpus is a mutation of, as an editable record.</summary>
public static class Payloads
{
    public static readonly byte[] V2Artifact = Encoding.UTF8.GetBytes("app v2");

    public static PayloadShape Valid() => new()
    {
        UpgradeId = "up-1",
        BinaryName = "app",
        SourceVersion = "v1",
        TargetVersion = "v2",
        ArtifactUrl = "https://artifacts.example/app-v2",
        ArtifactChecksum = Sha256Checksum.Compute(V2Artifact),
        ConfigFiles = [ConfigFile.Create("/etc/app/app.conf", Encoding.UTF8.GetBytes("greeting=v2\n"))],
    };
}
