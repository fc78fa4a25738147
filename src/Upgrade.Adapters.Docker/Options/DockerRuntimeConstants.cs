namespace Upgrade.Adapters.Docker;

/// <summary>Defaults and fixed names of the Docker runtime adapter.</summary>
internal static class DockerRuntimeConstants
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    public const string DefaultApiVersion = "1.41";

    public const string BackupContainerSuffix = ".bak";

    public const string ContainerConfigFileName = "container_config.json";

    public const string ConfigsDirectoryName = "configs";

    public const string ManifestFileName = "manifest.json";

    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultStartSettleTime = TimeSpan.FromSeconds(2);
}
