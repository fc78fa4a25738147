using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Upgrade.Testing;

namespace Upgrade.Adapters.Docker.Tests.Infrastructure;

/// <summary>A real container running v1 with a bind-mounted config directory, and the upgrade of it to another image.</summary>
public sealed class DockerTestNode : IAsyncDisposable
{
    public const string ConfigV1 = "version = 1\nlisten = 127.0.0.1:26656\n";
    public const string ConfigV2 = "version = 2\nlisten = 127.0.0.1:26656\nnew_setting = true\n";

    private readonly DockerEngineFixture _engine;

    private readonly DockerRuntimeOptions _options;

    private DockerTestNode(DockerEngineFixture engine, string name, string directory, DockerRuntimeOptions options, ActionParams upgrade)
    {
        _engine = engine;
        _options = options;
        Name = name;
        Directory = directory;
        Adapter = new DockerRuntimeAdapter(options);
        Upgrade = upgrade;
    }

    public string Name { get; }

    public string Directory { get; }

    public string ConfigDirectory => Path.Combine(Directory, "config");

    public string ConfigPath => Path.Combine(ConfigDirectory, "app.conf");

    public string NewConfigPath => Path.Combine(ConfigDirectory, "extra.conf");

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The adapter's state directory (<see cref="DockerRuntimeOptions.StateDirectory"/>), private to this node.</summary>
    public string StateDirectory => Path.Combine(Directory, "state");

    /// <summary>Where the adapter records the images an upgrade of this node pulled.</summary>
    public string PulledImagesDirectory => Path.Combine(StateDirectory, Name, "pulled-images");

    public DockerRuntimeAdapter Adapter { get; }

    public ActionParams Upgrade { get; }

    public DockerClient Client => _engine.Client;

    /// <summary>Creates and starts a container from <paramref name="image"/> (v1 by default) and describes its upgrade to <paramref name="target"/>.</summary>
    public static async Task<DockerTestNode> CreateAsync(
        DockerEngineFixture engine,
        TestImage? image = null,
        TestImage? target = null,
        string? artifactSource = null,
        string? artifactChecksum = null,
        TimeSpan? stopTimeout = null,
        CancellationToken cancellationToken = default)
    {
        engine.EnsureStarted();
        image ??= engine.V1;
        target ??= engine.V2;
        var name = "upg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var directory = Path.Combine(engine.StateRoot, "nodes", name);
        var configDirectory = Path.Combine(directory, "config");
        var dataDirectory = Path.Combine(directory, "data");
        System.IO.Directory.CreateDirectory(configDirectory);
        System.IO.Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "app.conf"), ConfigV1, cancellationToken);

        // Every acquisition in a test is a real pull; the image the node starts from is there, as on a real node.
        foreach (var other in new[] { engine.V2, engine.Crashing })
        {
            if (other != image)
            {
                await engine.RemoveImageIfUnusedAsync(other, cancellationToken);
            }
        }

        await engine.PullAsync(image, cancellationToken);
        await engine.Client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = name,
                Image = image.Reference,
                Env = ["NODE_ROLE=validator", "APP_MODE=test"],
                Labels = new Dictionary<string, string> { ["org.example.node"] = name, ["org.example.role"] = "validator" },
                WorkingDir = "/data",
                HostConfig = new HostConfig
                {
                    NetworkMode = "none",
                    Binds = [$"{configDirectory}:/etc/app:ro"],
                    Mounts = [new Mount { Type = "bind", Source = dataDirectory, Target = "/data" }],
                    RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                },
            },
            cancellationToken);
        await engine.Client.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken);

        var options = new DockerRuntimeOptions
        {
            Endpoint = engine.Endpoint,
            ContainerName = name,
            AllowedConfigRoots = [configDirectory],
            StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(3),
            StartSettleTime = TimeSpan.FromSeconds(1),
            StateDirectory = Path.Combine(directory, "state"),
        };
        var upgradeId = "upg-" + Guid.NewGuid().ToString("N");
        var upgrade = new ActionParams
        {
            UpgradeId = upgradeId,
            BinaryName = "app",
            SourceVersion = "1",
            TargetVersion = target.Tag,
            Artifact = new ArtifactReference
            {
                Source = artifactSource ?? target.Reference,
                Checksum = artifactChecksum ?? target.Digest,
                Version = target.Tag,
            },
            InstallTarget = name,
            ConfigFiles =
            [
                ConfigFile.Create(Path.Combine(configDirectory, "app.conf"), Encoding.UTF8.GetBytes(ConfigV2)),
                ConfigFile.Create(Path.Combine(configDirectory, "extra.conf"), Encoding.UTF8.GetBytes("extra = yes\n")),
            ],
            BackupDirectory = Path.Combine(dataDirectory, ".upgrade-backup", upgradeId),
            DataDirectory = dataDirectory,
        };
        return new DockerTestNode(engine, name, directory, options, upgrade);
    }

    /// <summary>A new adapter with the same options and state directory: what the agent has after a restart.</summary>
    public DockerRuntimeAdapter CreateRestartedAdapter() => new(_options);

    /// <summary>Wraps the node for the conformance suite.</summary>
    public ConformanceNode ToConformanceNode() => new()
    {
        Adapter = Adapter,
        Upgrade = Upgrade,
        CaptureStateAsync = CaptureStateAsync,
        Cleanup = DisposeAsync,
    };

    public Task<ContainerInspectResponse> InspectAsync(string? name = null) =>
        Client.Containers.InspectContainerAsync(name ?? Name, CancellationToken.None);

    public async Task<ContainerInspectResponse?> TryInspectAsync(string name)
    {
        try
        {
            return await Client.Containers.InspectContainerAsync(name, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Describes what an upgrade may change: both container names (id, image, settings, running or not) and the files in
    /// the config directory with their checksums. Start times are left out: a compensated stop is followed by a start.
    /// </summary>
    public async Task<string> CaptureStateAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var name in new[] { Name, Name + ".bak" })
        {
            var container = await TryInspectAsync(name);
            if (container is null)
            {
                text.AppendLine($"{name}: absent");
                continue;
            }

            text.AppendLine($"{name}: id={container.ID} image={container.Image} ref={container.Config!.Image} running={container.State!.Running}");
            text.AppendLine($"  env={string.Join(",", (container.Config.Env ?? []).Order(StringComparer.Ordinal))}");
            text.AppendLine($"  labels={string.Join(",", (container.Config.Labels ?? new Dictionary<string, string>()).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"))}");
            text.AppendLine($"  binds={string.Join(",", container.HostConfig!.Binds ?? [])} mounts={string.Join(",", (container.HostConfig.Mounts ?? []).Select(mount => $"{mount.Type}:{mount.Source}:{mount.Target}"))}");
            text.AppendLine($"  restart={container.HostConfig!.RestartPolicy?.Name.ToString()} network={container.HostConfig.NetworkMode} workdir={container.Config.WorkingDir}");
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(ConfigDirectory).Order(StringComparer.Ordinal))
        {
            text.AppendLine($"{Path.GetFileName(file)}: {await Sha256Checksum.ComputeFileAsync(file, cancellationToken)}");
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in new[] { Name, Name + ".bak" })
        {
            try
            {
                await Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
            catch (DockerApiException)
            {
            }
        }

        Adapter.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
