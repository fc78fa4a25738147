using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>
/// One real service under systemd for one test: its own unit, binary, configs and backup directory, running v1.
/// </summary>
public sealed class ServiceNode : IAsyncDisposable
{
    public static readonly byte[] V1Binary = Script("v1");
    public static readonly byte[] V2Binary = Script("v2");

    /// <summary>A v2 that exits at once on every start.</summary>
    public static readonly byte[] V2CrashingBinary = Encoding.UTF8.GetBytes("#!/bin/sh\necho 'v2 cannot start' >&2\nexit 3\n");

    public static readonly byte[] V1Config = Encoding.UTF8.GetBytes("greeting=hello-from-v1-config\n");
    public static readonly byte[] V2Config = Encoding.UTF8.GetBytes("greeting=hello-from-v2-config\n");
    public static readonly byte[] V2ExtraConfig = Encoding.UTF8.GetBytes("feature=only-in-v2\n");

    private readonly SystemdFixture _fixture;
    private readonly List<SystemdRuntimeAdapter> _adapters = [];

    private ServiceNode(SystemdFixture fixture, string name)
    {
        _fixture = fixture;
        Name = name;
        UnitName = name + ".service";
        Directory = Path.Combine(SystemdFixture.StateRoot, name);
        BinaryPath = Path.Combine(Directory, "bin", "app");
        ConfigDirectory = Path.Combine(Directory, "etc");
        ConfigPath = Path.Combine(ConfigDirectory, "app.conf");
        ExtraConfigPath = Path.Combine(ConfigDirectory, "extra.conf");
        DataDirectory = Path.Combine(Directory, "data");
        ObservedPath = Path.Combine(DataDirectory, "observed");
    }

    public string Name { get; }

    public string UnitName { get; }

    public string Directory { get; }

    public string BinaryPath { get; }

    public string ConfigDirectory { get; }

    public string ConfigPath { get; }

    /// <summary>Gets a config that only v2 has: absent before the upgrade, so a rollback must delete it.</summary>
    public string ExtraConfigPath { get; }

    public string DataDirectory { get; }

    public string ObservedPath { get; }

    public string UnitFilePath => Path.Combine(_fixture.UnitDirectory, UnitName);

    public SystemdFixture Fixture => _fixture;

    /// <summary>Creates the files and the unit of a fresh node and starts it on v1.</summary>
    public static async Task<ServiceNode> CreateAsync(SystemdFixture fixture, string testName)
    {
        if (fixture.SystemdPid == 0)
        {
            throw new InvalidOperationException("systemd is not running: " + (SystemdEnvironment.MissingReason ?? "the fixture did not boot it") + ".");
        }

        var name = "upg-" + Sanitize(testName) + "-" + Guid.NewGuid().ToString("N")[..8];
        var node = new ServiceNode(fixture, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(node.BinaryPath)!);
        System.IO.Directory.CreateDirectory(node.ConfigDirectory);
        System.IO.Directory.CreateDirectory(node.DataDirectory);
        await File.WriteAllBytesAsync(node.BinaryPath, V1Binary);
        File.SetUnixFileMode(node.BinaryPath, (UnixFileMode)Convert.ToInt32("755", 8));
        await File.WriteAllBytesAsync(node.ConfigPath, V1Config);
        File.SetUnixFileMode(node.ConfigPath, (UnixFileMode)Convert.ToInt32("640", 8));

        var unit = $"""
            [Unit]
            Description=Upgrade SDK test service {name}
            StartLimitIntervalSec=10
            StartLimitBurst=5

            [Service]
            ExecStart={node.BinaryPath} {node.ConfigPath} {node.ExtraConfigPath} {node.ObservedPath}
            Restart=on-failure
            RestartSec=100ms

            """;
        await File.WriteAllTextAsync(node.UnitFilePath, unit.ReplaceLineEndings("\n"));
        await fixture.SystemctlAsync("daemon-reload");
        await fixture.SystemctlAsync("start", node.UnitName);
        await node.WaitForObservedAsync("v1");
        return node;
    }

    /// <summary>Creates an adapter for this node's unit, as an agent would configure it.</summary>
    internal SystemdRuntimeAdapter CreateAdapter(Action<SystemdRuntimeOptions>? configure = null)
    {
        var options = new SystemdRuntimeOptions
        {
            UnitName = UnitName,
            AllowInsecureHttp = true,
            StartSettleTime = TimeSpan.FromSeconds(1),
            StatusPollInterval = TimeSpan.FromMilliseconds(100),
            DownloadRetryAttempts = 2,
            DownloadRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        foreach (var part in _fixture.CommandPrefix)
        {
            options.CommandPrefix.Add(part);
        }

        options.AllowedConfigRoots.Add(ConfigDirectory);
        configure?.Invoke(options);
        var adapter = new SystemdRuntimeAdapter(options, TimeProvider.System, NullLoggerFactory.Instance);
        _adapters.Add(adapter);
        return adapter;
    }

    /// <summary>Describes the parameters of an upgrade of this node to v2.</summary>
    public ActionParams CreateUpgrade(Uri source, byte[] binary, string? checksum = null, IReadOnlyList<ConfigFile>? configs = null)
    {
        var upgradeId = "upg-" + Guid.NewGuid().ToString("N")[..12];
        return new ActionParams
        {
            UpgradeId = upgradeId,
            BinaryName = "app",
            SourceVersion = "v1",
            TargetVersion = "v2",
            Artifact = new ArtifactReference { Source = source.ToString(), Checksum = checksum ?? Sha256Checksum.Compute(binary), Version = "v2" },
            InstallTarget = BinaryPath,
            ConfigFiles = configs ?? [ConfigFile.Create(ConfigPath, V2Config), ConfigFile.Create(ExtraConfigPath, V2ExtraConfig)],
            BackupDirectory = Path.Combine(DataDirectory, ".upgrade-backup", upgradeId),
            DataDirectory = DataDirectory,
        };
    }

    /// <summary>Reads what the running process reported about itself: version, PID, and the configs it read.</summary>
    public async Task<Observed> ReadObservedAsync()
    {
        var lines = await File.ReadAllLinesAsync(ObservedPath);
        string Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] ?? string.Empty;
        return new Observed(Value("version"), Value("pid"), Value("config"), Value("extra"));
    }

    /// <summary>Waits until the process of <paramref name="version"/> has reported itself.</summary>
    public async Task<Observed> WaitForObservedAsync(string version, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (File.Exists(ObservedPath))
            {
                var observed = await ReadObservedAsync();
                if (observed.Version == version)
                {
                    return observed;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {version} process of {UnitName} did not report itself.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Reads a property of the unit with systemctl show.</summary>
    public async Task<string> ShowAsync(string property) => (await _fixture.SystemctlAsync("show", "--property=" + property, "--value", UnitName)).Trim();

    /// <summary>
    /// Describes the node's observable state: file contents and modes, whether the unit runs, and the version it runs.
    /// </summary>
    public async Task<string> CaptureStateAsync(CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(await FileStateSnapshot.DescribeAsync(
            [BinaryPath, ConfigPath, ExtraConfigPath, FileSystemRuntimeAdapter.GetDownloadPath(BinaryPath)], cancellationToken));

        var active = await ShowAsync("ActiveState");
        builder.Append("active=").AppendLine(active);
        if (active == "active")
        {
            var observed = await ReadObservedAsync();
            builder.Append("version=").AppendLine(observed.Version);
            builder.Append("config=").AppendLine(observed.Config);
            builder.Append("extra=").AppendLine(observed.Extra);
        }

        return builder.ToString();
    }

    /// <summary>Asserts that the node is back on v1 byte for byte, and runs a v1 process that read v1's config.</summary>
    public async Task AssertRunsV1Async()
    {
        (await File.ReadAllBytesAsync(BinaryPath)).ShouldBe(V1Binary);
        Convert.ToString((int)File.GetUnixFileMode(BinaryPath), 8).ShouldBe("755");
        (await File.ReadAllBytesAsync(ConfigPath)).ShouldBe(V1Config);
        Convert.ToString((int)File.GetUnixFileMode(ConfigPath), 8).ShouldBe("640");
        File.Exists(ExtraConfigPath).ShouldBeFalse("a config that did not exist before the upgrade must be removed");
        File.Exists(FileSystemRuntimeAdapter.GetDownloadPath(BinaryPath)).ShouldBeFalse("the acquired artifact must be discarded");
        (await ShowAsync("ActiveState")).ShouldBe("active");
        var observed = await ReadObservedAsync();
        observed.Version.ShouldBe("v1");
        observed.Config.ShouldBe("greeting=hello-from-v1-config");
        observed.Pid.ShouldBe(await ShowAsync("MainPID"), "the running process must be the one that reported v1");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters)
        {
            adapter.Dispose();
        }

        try
        {
            await _fixture.SystemctlAsync("stop", UnitName);
            await _fixture.SystemctlAsync("reset-failed", UnitName).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            File.Delete(UnitFilePath);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
            if (builder.Length >= 24)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private static byte[] Script(string version) => Encoding.UTF8.GetBytes($$"""
        #!/bin/sh
        # A small service: reports its version, PID and configs, then runs until stopped.
        VERSION={{version}}
        CONF="$1"
        EXTRA="$2"
        OUT="$3"
        if [ -f "$EXTRA" ]; then EXTRA_VALUE=$(cat "$EXTRA"); else EXTRA_VALUE=absent; fi
        printf 'version=%s\npid=%s\nconfig=%s\nextra=%s\n' "$VERSION" "$$" "$(cat "$CONF")" "$EXTRA_VALUE" > "$OUT.tmp"
        mv "$OUT.tmp" "$OUT"
        while :; do sleep 1; done

        """.ReplaceLineEndings("\n"));
}

public sealed record Observed(string Version, string Pid, string Config, string Extra);
