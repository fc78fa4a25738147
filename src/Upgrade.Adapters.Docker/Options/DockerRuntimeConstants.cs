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

    /// <summary>The folder, under <c>{StateDirectory}/{ContainerName}</c>, of the records of the images an upgrade pulled.</summary>
    public const string PulledImagesDirectoryName = "pulled-images";

    /// <summary>
    /// The default state directory: <c>upgrade-sdk/docker</c> under the user's local application data, which needs no
    /// root (on Linux <c>$XDG_DATA_HOME</c>, normally <c>~/.local/share</c>).
    /// </summary>
    public static readonly string DefaultStateDirectory = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "upgrade-sdk",
        "docker");

    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultStartSettleTime = TimeSpan.FromSeconds(2);
}
