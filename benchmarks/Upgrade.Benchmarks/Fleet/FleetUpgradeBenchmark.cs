using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Upgrade.Executor;
using Upgrade.Orchestration;
using Upgrade.Testing;

namespace Upgrade.Benchmarks.Fleet;

/// <summary>
/// P1: a fleet of real systemd services upgraded v1 to v2 through Upgrade.Orchestration and in-process agents with the
/// systemd adapter, against a bash script doing the same nine steps per node in the same batches. Runs alternate
/// (script, SDK, script, SDK...) so that drift on a noisy machine hits both sides alike.
/// </summary>
public static class FleetUpgradeBenchmark
{
    public const string Title = "P1 fleet upgrade on a real systemd";
    public const string ActionsTitle = "P1 where the SDK's time goes, per action and node";

    private const string ConfigPath = "/etc/bench/app.conf";
    private const string V2Config = "greeting=v2\n";

    public static async Task<IReadOnlyList<ResultTable>> RunAsync(SystemdHost host, FleetUpgradeOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var root = Path.Combine(options.WorkDirectory, tag);
        var artifacts = Path.Combine(root, "artifacts");
        Directory.CreateDirectory(artifacts);
        var v1Path = Path.Combine(artifacts, "v1");
        var v2Path = Path.Combine(artifacts, "v2");
        WriteBinary(v1Path, "v1", options.BinaryBytes);
        WriteBinary(v2Path, "v2", options.BinaryBytes);
        var v1Checksum = await ChecksumAsync(v1Path, cancellationToken);
        var v2Checksum = await ChecksumAsync(v2Path, cancellationToken);
        var script = Path.Combine(root, "fleet-upgrade.sh");
        await WriteScriptAsync(script, cancellationToken);

        await using var server = new LoopbackArtifactServer();
        var v1Url = server.ServeFile(v1Path, name: "v1").ToString();
        var v2Url = server.ServeFile(v2Path, name: "v2").ToString();

        var nodes = Enumerable.Range(1, options.Nodes).Select(i => new FleetNode($"node-{i:D3}", $"ub-{tag}-{i:D3}.service", Path.Combine(root, "nodes", $"node-{i:D3}"))).ToList();
        var nodesFile = Path.Combine(root, "nodes.txt");
        await File.WriteAllLinesAsync(nodesFile, nodes.Select(n => n.Unit + " " + n.Root), cancellationToken);
        await CreateUnitsAsync(host, nodes, options, cancellationToken);

        var agents = new List<ServiceProvider>();
        using var durations = new ActionDurations();
        try
        {
            foreach (var node in nodes)
            {
                agents.Add(BuildAgent(host, node, options));
            }

            var agentMap = nodes.Zip(agents).ToDictionary(p => p.First.Id, p => p.Second.GetRequiredService<IUpgradeAgent>(), StringComparer.Ordinal);
            var inventory = nodes.Select(n => new InventoryNode { NodeId = n.Id, CurrentVersion = "v1", CurrentBinaryUrl = v1Url, CurrentChecksum = v1Checksum }).ToList();
            var scriptTimes = new List<double>();
            var sdkTimes = new List<double>();
            for (var run = 1; run <= options.Runs; run++)
            {
                await ResetToV1Async(host, nodes, v1Path, cancellationToken);
                var stopwatch = Stopwatch.StartNew();
                await ProcessRunner.RunCheckedAsync(
                    ["bash", script, nodesFile, v2Url, v2Checksum["sha256:".Length..], options.BatchSize.ToString(CultureInfo.InvariantCulture),
                     ((int)options.SettleTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), ((int)options.PollInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     .. host.CommandPrefix],
                    cancellationToken);
                scriptTimes.Add(stopwatch.Elapsed.TotalSeconds);
                await AssertOnV2Async(nodes, cancellationToken);
                log.WriteLine($"P1 run {run}: script {scriptTimes[^1]:0.000} s");

                await ResetToV1Async(host, nodes, v1Path, cancellationToken);
                await using (var controlPlane = new BenchControlPlane(Path.Combine(root, $"rollouts-{run}.db"), RuntimeTypes.Systemd, inventory, agentMap, V2Config))
                {
                    var request = BenchControlPlane.RollingRequest(v2Url, v2Checksum, options.BatchSize, [new ConfigChange { Path = ConfigPath, Template = BenchControlPlane.TemplateName }]);
                    durations.Enabled = true;
                    stopwatch.Restart();
                    await controlPlane.RunRollingAsync(request, cancellationToken);
                    sdkTimes.Add(stopwatch.Elapsed.TotalSeconds);
                    durations.Enabled = false;
                }

                await AssertOnV2Async(nodes, cancellationToken);
                log.WriteLine($"P1 run {run}: sdk {sdkTimes[^1]:0.000} s");
            }

            var ratio = Stats.Median(sdkTimes) / Stats.Median(scriptTimes);
            var table = new ResultTable(
                $"{Title} ({options.Nodes} services, batch {options.BatchSize}, {options.BinaryBytes / 1048576.0:0.#} MiB binary, median of {options.Runs} runs)",
                "case", "median", "min", "max", "ratio");
            table.AddRow("script (baseline)", ResultTable.Seconds(Stats.Median(scriptTimes)), ResultTable.Seconds(scriptTimes.Min()), ResultTable.Seconds(scriptTimes.Max()), ResultTable.Ratio(1));
            table.AddRow("sdk", ResultTable.Seconds(Stats.Median(sdkTimes)), ResultTable.Seconds(sdkTimes.Min()), ResultTable.Seconds(sdkTimes.Max()), ResultTable.Ratio(ratio));
            table.AddNote($"target: sdk within 1.10x of the script: {ResultTable.Ratio(ratio)}x, {ResultTable.Verdict(ratio <= 1.10)}");

            var actions = new ResultTable($"{ActionsTitle} ({durations.Count} samples)", "action", "p50", "max", "share");
            var total = durations.ByAction.Values.Sum(v => v.Sum());
            foreach (var (action, values) in durations.ByAction.OrderBy(a => ActionOrder(a.Key)))
            {
                actions.AddRow(action, ResultTable.Milliseconds(Stats.Median(values) * 1000), ResultTable.Milliseconds(values.Max() * 1000), (values.Sum() / total).ToString("P1", CultureInfo.InvariantCulture));
            }

            return [table, actions];
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            await RemoveAsync(host, nodes, root);
        }
    }

    private static int ActionOrder(string action) => Array.IndexOf(
        ["backup_state", "acquire_artifact", "verify_artifact", "stop_node", "install_artifact", "write_configs", "reload_daemon", "start_node"], action) is var i and >= 0 ? i : 99;

    private static ServiceProvider BuildAgent(SystemdHost host, FleetNode node, FleetUpgradeOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddUpgradeExecutor()
            .UseFileStores(Path.Combine(node.Root, "agent"))
            .AddSystemdRuntime(o =>
            {
                o.UnitName = node.Unit;
                o.AllowInsecureHttp = true;
                o.StartSettleTime = options.SettleTime;
                o.StatusPollInterval = options.PollInterval;
                o.MaxArtifactSizeBytes = Math.Max(o.MaxArtifactSizeBytes, options.BinaryBytes * 2);
                foreach (var part in host.CommandPrefix)
                {
                    o.CommandPrefix.Add(part);
                }

                o.AllowedConfigRoots.Add(Path.Join(node.Root, "/etc/bench"));
            })
            .AddAgent(o =>
            {
                o.RuntimeType = RuntimeTypes.Systemd;
                o.InstallTarget = node.Binary;
                o.DataDirectory = Path.Combine(node.Root, "data");
                o.RootDirectory = node.Root;
                o.AllowInsecureHttp = true;
            });
        return services.BuildServiceProvider();
    }

    private static async Task CreateUnitsAsync(SystemdHost host, IReadOnlyList<FleetNode> nodes, FleetUpgradeOptions options, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(node.Binary)!);
            Directory.CreateDirectory(Path.GetDirectoryName(node.Config)!);
            Directory.CreateDirectory(Path.Combine(node.Root, "data"));
            var unit = $"""
                [Unit]
                Description=Upgrade SDK benchmark service {node.Id}
                StartLimitIntervalSec=10
                StartLimitBurst=5

                [Service]
                ExecStart={node.Binary} {node.Config} {node.Observed}
                Restart=on-failure
                RestartSec=100ms

                """;
            await File.WriteAllTextAsync(Path.Combine(host.UnitDirectory, node.Unit), unit.ReplaceLineEndings("\n"), cancellationToken);
        }

        _ = options;
    }

    /// <summary>Stops every service, puts v1 and its config back, clears what an upgrade leaves, and starts them on v1.</summary>
    private static async Task ResetToV1Async(SystemdHost host, IReadOnlyList<FleetNode> nodes, string v1Path, CancellationToken cancellationToken)
    {
        await host.SystemctlAsync(cancellationToken, ["stop", .. nodes.Select(n => n.Unit)]);
        foreach (var node in nodes)
        {
            File.Copy(v1Path, node.Binary, overwrite: true);
            File.SetUnixFileMode(node.Binary, (UnixFileMode)Convert.ToInt32("755", 8));
            await File.WriteAllTextAsync(node.Config, "greeting=v1\n", cancellationToken);
            File.Delete(node.Observed);
            var data = Path.Combine(node.Root, "data");
            foreach (var directory in Directory.GetDirectories(data))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        await host.SystemctlAsync(cancellationToken, "daemon-reload");
        // Units that never failed are not loaded yet and make reset-failed complain: its exit code says nothing here.
        await ProcessRunner.RunAsync([.. host.CommandPrefix, "systemctl", "reset-failed", .. nodes.Select(n => n.Unit)], cancellationToken);
        await host.SystemctlAsync(cancellationToken, ["start", .. nodes.Select(n => n.Unit)]);
        foreach (var node in nodes)
        {
            await WaitForVersionAsync(node, "v1", cancellationToken);
        }

        // Both sides start from a cold-ish page cache for the artifacts they fetch, but not from cold binaries.
        GC.Collect();
    }

    private static async Task AssertOnV2Async(IReadOnlyList<FleetNode> nodes, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            await WaitForVersionAsync(node, "v2", cancellationToken);
            var config = await File.ReadAllTextAsync(node.Config, cancellationToken);
            if (config != V2Config)
            {
                throw new InvalidOperationException($"{node.Id} has config '{config.Trim()}' after the upgrade.");
            }
        }
    }

    private static async Task WaitForVersionAsync(FleetNode node, string version, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(node.Observed) && (await File.ReadAllTextAsync(node.Observed, cancellationToken)).Trim() == "version=" + version)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{node.Unit} does not report {version}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task RemoveAsync(SystemdHost host, IReadOnlyList<FleetNode> nodes, string root)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await ProcessRunner.RunAsync([.. host.CommandPrefix, "systemctl", "stop", .. nodes.Select(n => n.Unit)], timeout.Token);
            foreach (var node in nodes)
            {
                File.Delete(Path.Combine(host.UnitDirectory, node.Unit));
            }

            await ProcessRunner.RunAsync([.. host.CommandPrefix, "systemctl", "daemon-reload"], timeout.Token);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Writes a service binary of the given size: a shell script that reports its version and then becomes a sleep,
    /// followed by random padding the shell never reads (so that the download and the checksums have real work).
    /// </summary>
    private static void WriteBinary(string path, string version, long size)
    {
        var head = Encoding.UTF8.GetBytes($$"""
            #!/bin/sh
            # Benchmark service {{version}}: reports its version, then sleeps until stopped.
            printf 'version={{version}}\n' > "$2.tmp" && mv "$2.tmp" "$2"
            exec sleep infinity

            """.ReplaceLineEndings("\n"));
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(head);
        var buffer = new byte[1 << 20];
        var remaining = Math.Max(0, size - head.Length);
        while (remaining > 0)
        {
            RandomNumberGenerator.Fill(buffer);
            var count = (int)Math.Min(buffer.Length, remaining);
            file.Write(buffer, 0, count);
            remaining -= count;
        }
    }

    private static async Task<string> ChecksumAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static async Task WriteScriptAsync(string path, CancellationToken cancellationToken)
    {
        await using var resource = typeof(FleetUpgradeBenchmark).Assembly.GetManifestResourceStream("fleet-upgrade.sh")
            ?? throw new InvalidOperationException("The fleet-upgrade.sh resource is missing.");
        await using var file = File.Create(path);
        await resource.CopyToAsync(file, cancellationToken);
    }

    private sealed record FleetNode(string Id, string Unit, string Root)
    {
        public string Binary => Path.Combine(Root, "bin", "app");

        public string Config => Path.Join(Root, ConfigPath);

        public string Observed => Path.Combine(Root, "data", "observed");
    }

    /// <summary>Collects the executor's action durations (its own histogram) while enabled.</summary>
    private sealed class ActionDurations : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly object _gate = new();

        public ActionDurations()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Upgrade.Executor" && instrument.Name == "upgrade.executor.action.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                if (!Enabled)
                {
                    return;
                }

                string? action = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "upgrade.action.name")
                    {
                        action = tag.Value as string;
                    }
                }

                if (action is not null)
                {
                    lock (_gate)
                    {
                        if (!ByAction.TryGetValue(action, out var values))
                        {
                            ByAction[action] = values = [];
                        }

                        values.Add(value);
                        Count++;
                    }
                }
            });
            _listener.Start();
        }

        public volatile bool Enabled;

        public Dictionary<string, List<double>> ByAction { get; } = new(StringComparer.Ordinal);

        public int Count { get; private set; }

        public void Dispose() => _listener.Dispose();
    }
}
