using System.Text;
using Upgrade.Testing;

namespace Upgrade.Executor.Tests;

/// <summary>A node on v1 in the in-memory runtime, and the parameters of its upgrade to v2.</summary>
internal sealed class TestNode
{
    public const string InstallTarget = "/opt/node/bin/node";
    public const string ConfigPath = "/etc/node/config.toml";
    public const string NewConfigPath = "/etc/node/extra.toml";
    public const string V2Url = "https://artifacts.example/node-v2";

    public static readonly byte[] V1 = Encoding.UTF8.GetBytes("node binary v1");
    public static readonly byte[] V2 = Encoding.UTF8.GetBytes("node binary v2");

    public TestNode(string upgradeId = "upgrade-1")
    {
        Runtime = new InMemoryRuntimeAdapter();
        Runtime.SetState(InstallTarget, V1, new Dictionary<string, string> { [ConfigPath] = "max_peers = 50\n" });
        var checksum = Runtime.PublishArtifact(V2Url, V2);
        Parameters = new ActionParams
        {
            UpgradeId = upgradeId,
            BinaryName = "node",
            SourceVersion = "v1",
            TargetVersion = "v2",
            Artifact = new ArtifactReference { Source = V2Url, Checksum = checksum, Version = "v2" },
            InstallTarget = InstallTarget,
            ConfigFiles =
            [
                ConfigFile.Create(ConfigPath, Encoding.UTF8.GetBytes("max_peers = 100\n")),
                ConfigFile.Create(NewConfigPath, Encoding.UTF8.GetBytes("feature = true\n")),
            ],
            BackupDirectory = "/var/lib/node/.upgrade-backup/" + upgradeId,
            DataDirectory = "/var/lib/node",
        };
    }

    public InMemoryRuntimeAdapter Runtime { get; }

    public ActionParams Parameters { get; }

    public static string V2Checksum => Sha256Checksum.Compute(V2);
}
