using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Samples.ProcessRuntime.Tests;

/// <summary>
/// One service run as a plain process for one test: its own directory with binary, configs, state and backups, and a
/// marker in its processes' environment so that the test kills every one of them at the end.
/// </summary>
public sealed class ProcessNode : IAsyncDisposable
{
    public static readonly byte[] V1Binary = Script("v1");
    public static readonly byte[] V2Binary = Script("v2");

    /// <summary>A binary that exits at once with code 3.</summary>
    public static readonly byte[] CrashingBinary = Encoding.UTF8.GetBytes("#!/bin/sh\necho 'cannot start' >&2\nexit 3\n");

    /// <summary>A v1 that ignores SIGTERM (the ignored disposition survives the exec into sleep).</summary>
    public static readonly byte[] TermIgnoringBinary = Script("v1", prelude: "trap '' TERM");

    /// <summary>A binary that reports itself, runs briefly, then exits with code 7: a crash after a successful start.</summary>
    public static readonly byte[] ShortLivedBinary = Script("v1", tail: "sleep 1\nexit 7");

    public static readonly byte[] V1Config = Encoding.UTF8.GetBytes("greeting=hello-from-v1-config\n");
    public static readonly byte[] V2Config = Encoding.UTF8.GetBytes("greeting=hello-from-v2-config\n");
    public static readonly byte[] V2ExtraConfig = Encoding.UTF8.GetBytes("feature=only-in-v2\n");

    private readonly List<ProcessRuntimeAdapter> _adapters = [];

    private ProcessNode(string root)
    {
        Root = root;
        Marker = Path.GetFileName(root);
        BinaryPath = Path.Combine(root, "bin", "app");
        ConfigDirectory = Path.Combine(root, "etc");
        ConfigPath = Path.Combine(ConfigDirectory, "app.conf");
        ExtraConfigPath = Path.Combine(ConfigDirectory, "extra.conf");
        DataDirectory = Path.Combine(root, "data");
        StateDirectory = Path.Combine(root, "state");
        WorkingDirectory = Path.Combine(root, "work");
        ObservedPath = Path.Combine(DataDirectory, "observed");
    }

    public string Root { get; }

    public string Marker { get; }

    public string BinaryPath { get; }

    public string ConfigDirectory { get; }

    public string ConfigPath { get; }

    public string ExtraConfigPath { get; }

    public string DataDirectory { get; }

    public string StateDirectory { get; }

    public string WorkingDirectory { get; }

    public string ObservedPath { get; }

    /// <summary>Creates the files of a fresh node; with <paramref name="start"/>, starts v1 through a first adapter.</summary>
    public static async Task<ProcessNode> CreateAsync(byte[]? binary = null, bool start = true)
    {
        var node = new ProcessNode(Directory.CreateTempSubdirectory("upgrade-process-").FullName);
        Directory.CreateDirectory(Path.GetDirectoryName(node.BinaryPath)!);
        Directory.CreateDirectory(node.ConfigDirectory);
        Directory.CreateDirectory(node.DataDirectory);
        Directory.CreateDirectory(node.WorkingDirectory);
        await node.InstallBinaryAsync(binary ?? V1Binary);
        await File.WriteAllBytesAsync(node.ConfigPath, V1Config);
        File.SetUnixFileMode(node.ConfigPath, (UnixFileMode)Convert.ToInt32("640", 8));
        if (start)
        {
            await node.CreateAdapter().StartAsync(CancellationToken.None);
            await node.WaitForObservedAsync("v1");
        }

        return node;
    }

    public async Task InstallBinaryAsync(byte[] binary)
    {
        await File.WriteAllBytesAsync(BinaryPath, binary);
        File.SetUnixFileMode(BinaryPath, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    /// <summary>Creates an adapter for this node, as an agent would configure it. Each one is a fresh agent's view.</summary>
    public ProcessRuntimeAdapter CreateAdapter(Action<ProcessRuntimeOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new ProcessRuntimeOptions
        {
            ServiceName = "app",
            ExecutablePath = BinaryPath,
            StateDirectory = StateDirectory,
            WorkingDirectory = WorkingDirectory,
            AllowInsecureHttp = true,
            StartSettleTime = TimeSpan.FromMilliseconds(300),
            StopTimeout = TimeSpan.FromSeconds(5),
            StatusPollInterval = TimeSpan.FromMilliseconds(20),
            DownloadRetryAttempts = 2,
            DownloadRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        options.Arguments.Add(ConfigPath);
        options.Arguments.Add(ExtraConfigPath);
        options.Arguments.Add(ObservedPath);
        options.EnvironmentVariables["GREETING"] = "hello from the environment";
        options.EnvironmentVariables[ProcessReaper.MarkerVariable] = Marker;
        options.AllowedConfigRoots.Add(ConfigDirectory);
        configure?.Invoke(options);
        var adapter = new ProcessRuntimeAdapter(options, timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance);
        _adapters.Add(adapter);
        return adapter;
    }

    /// <summary>Describes the parameters of an upgrade of this node to v2.</summary>
    public ActionParams CreateUpgrade(Uri source)
    {
        var upgradeId = "upg-" + Guid.NewGuid().ToString("N")[..12];
        return new ActionParams
        {
            UpgradeId = upgradeId,
            BinaryName = "app",
            SourceVersion = "v1",
            TargetVersion = "v2",
            Artifact = new ArtifactReference { Source = source.ToString(), Checksum = Sha256Checksum.Compute(V2Binary), Version = "v2" },
            InstallTarget = BinaryPath,
            ConfigFiles = [ConfigFile.Create(ConfigPath, V2Config), ConfigFile.Create(ExtraConfigPath, V2ExtraConfig)],
            BackupDirectory = Path.Combine(DataDirectory, ".upgrade-backup", upgradeId),
            DataDirectory = DataDirectory,
        };
    }

    /// <summary>Reads what the running process reported about itself.</summary>
    public async Task<Observed> ReadObservedAsync()
    {
        var lines = await File.ReadAllLinesAsync(ObservedPath);
        string Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] ?? string.Empty;
        return new Observed(Value("version"), Value("pid"), Value("config"), Value("extra"), Value("greeting"), Value("cwd"));
    }

    /// <summary>Waits until a process of <paramref name="version"/> and <paramref name="pid"/> (either may be any) has reported itself.</summary>
    public async Task<Observed> WaitForObservedAsync(string? version, string? pid = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (File.Exists(ObservedPath))
            {
                var observed = await ReadObservedAsync();
                if ((version is null || observed.Version == version) && (pid is null || observed.Pid == pid))
                {
                    return observed;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No process (version {version ?? "any"}, pid {pid ?? "any"}) of node {Marker} reported itself.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Describes the node's observable state: file contents and modes, whether the service runs (as a fresh agent sees
    /// it), and what the running process read.
    /// </summary>
    public async Task<string> CaptureStateAsync(CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(await FileStateSnapshot.DescribeAsync(
            [BinaryPath, ConfigPath, ExtraConfigPath, FileSystemRuntimeAdapter.GetDownloadPath(BinaryPath)], cancellationToken));

        using var observer = new ProcessRuntimeAdapter(CreateAdapterOptionsForObserver(), TimeProvider.System, NullLoggerFactory.Instance);
        var status = await observer.GetStatusAsync(cancellationToken);
        builder.Append("running=").AppendLine(status.IsRunning ? "yes" : "no");
        if (status.IsRunning)
        {
            // The observed file may still be the previous process's for a moment: wait for the running one's report.
            var observed = await WaitForObservedAsync(version: null, status.InstanceId);
            builder.Append("version=").AppendLine(observed.Version);
            builder.Append("config=").AppendLine(observed.Config);
            builder.Append("extra=").AppendLine(observed.Extra);
        }

        return builder.ToString();
    }

    /// <summary>Kills every process of this node (by pid), then removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters)
        {
            adapter.Dispose();
        }

        try
        {
            await ProcessReaper.KillAllAsync(Marker);
        }
        finally
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private ProcessRuntimeOptions CreateAdapterOptionsForObserver() => new()
    {
        ServiceName = "app",
        ExecutablePath = BinaryPath,
        StateDirectory = StateDirectory,
    };

    private static byte[] Script(string version, string prelude = "", string tail = "exec sleep 1200") => Encoding.UTF8.GetBytes($$"""
        #!/bin/sh
        # A small service: reports its version, pid, configs, environment and working directory, then runs.
        {{prelude}}
        CONF="$1"
        EXTRA="$2"
        OUT="$3"
        if [ -f "$EXTRA" ]; then EXTRA_VALUE=$(cat "$EXTRA"); else EXTRA_VALUE=absent; fi
        printf 'version=%s\npid=%s\nconfig=%s\nextra=%s\ngreeting=%s\ncwd=%s\n' {{version}} "$$" "$(cat "$CONF")" "$EXTRA_VALUE" "$GREETING" "$(pwd)" > "$OUT.tmp"
        mv "$OUT.tmp" "$OUT"
        {{tail}}

        """.ReplaceLineEndings("\n"));
}

public sealed record Observed(string Version, string Pid, string Config, string Extra, string Greeting, string WorkingDirectory);
