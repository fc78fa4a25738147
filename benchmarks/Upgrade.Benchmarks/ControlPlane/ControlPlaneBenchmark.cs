using System.Diagnostics;
using System.Globalization;
using Upgrade.Orchestration;

namespace Upgrade.Benchmarks.ControlPlane;

/// <summary>
/// P3: the control plane at scale. Create, plan and drive a rolling rollout on the SQLite store with instant in-process
/// agents at several fleet sizes: wall time, peak working set, store size. The smallest size is the baseline of the
/// growth ratio (time per node relative to it; 1.0 is linear growth).
/// </summary>
public static class ControlPlaneBenchmark
{
    public const string Title = "P3 control plane at scale";

    public static async Task<ResultTable> RunAsync(IReadOnlyList<int> sizes, int batchSize, int runs, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var agent = new InstantAgent();
        var results = new List<(int Nodes, double Seconds, long Peak, long StoreBytes)>();
        foreach (var size in sizes)
        {
            var nodes = Enumerable.Range(1, size).Select(i => new InventoryNode
            {
                NodeId = "node-" + i.ToString("D6", CultureInfo.InvariantCulture),
                CurrentVersion = "v1",
                CurrentBinaryUrl = "https://artifacts.example/app-v1",
                CurrentChecksum = Sha256Checksum.Compute("v1"u8),
            }).ToList();
            var agents = nodes.ToDictionary(n => n.NodeId, _ => (IUpgradeAgent)agent, StringComparer.Ordinal);
            var times = new List<double>();
            long peak = 0, storeBytes = 0;
            for (var run = 1; run <= runs; run++)
            {
                var database = Path.Combine(workDirectory, $"rollouts-{size}-{run}-{Guid.NewGuid():N}.db");
                PeakMemory.Reset();
                var stopwatch = Stopwatch.StartNew();
                await using (var controlPlane = new BenchControlPlane(database, RuntimeTypes.Systemd, nodes, agents, "greeting=v2\n"))
                {
                    var request = BenchControlPlane.RollingRequest("https://artifacts.example/app-v2", Sha256Checksum.Compute("v2"u8), batchSize, [new ConfigChange { Path = "/etc/bench/app.conf", Template = BenchControlPlane.TemplateName }]);
                    await controlPlane.RunRollingAsync(request, cancellationToken);
                    times.Add(stopwatch.Elapsed.TotalSeconds);
                }

                peak = Math.Max(peak, PeakMemory.ReadPeakBytes());
                storeBytes = Math.Max(storeBytes, StoreSize(database));
                foreach (var file in Directory.GetFiles(workDirectory, Path.GetFileName(database) + "*"))
                {
                    File.Delete(file);
                }

                log.WriteLine($"P3 {size} nodes run {run}: {times[^1]:0.000} s");
            }

            results.Add((size, Stats.Median(times), peak, storeBytes));
        }

        var table = new ResultTable($"{Title} (rolling, batch {batchSize}, SQLite store, instant agents, median of {runs} runs)", "nodes", "median", "per node", "peak working set", "store size", "ratio");
        var basePerNode = results[0].Seconds / results[0].Nodes;
        foreach (var (nodes, seconds, peak, storeBytes) in results)
        {
            var perNode = seconds / nodes;
            table.AddRow(nodes.ToString("N0", CultureInfo.InvariantCulture), ResultTable.Seconds(seconds), ResultTable.Milliseconds(perNode * 1000), ResultTable.Mebibytes(peak), ResultTable.Mebibytes(storeBytes), ResultTable.Ratio(perNode / basePerNode));
        }

        table.AddNote("ratio: time per node relative to the smallest fleet (1.0 = linear growth; above 1 grows faster than linear)");
        if (results.FirstOrDefault(r => r.Nodes == 10_000) is { Nodes: > 0 } at10K)
        {
            table.AddNote($"target at 10,000 nodes: <= 2 s: {ResultTable.Seconds(at10K.Seconds)}, {ResultTable.Verdict(at10K.Seconds <= 2)}; <= 256 MB: {ResultTable.Mebibytes(at10K.Peak)}, {ResultTable.Verdict(at10K.Peak <= 256_000_000)}");
        }

        var worst = results.Max(r => r.Seconds / r.Nodes / basePerNode);
        table.AddNote($"target: growth no worse than linear: worst per-node ratio {ResultTable.Ratio(worst)}, {ResultTable.Verdict(worst <= 1.25)} (1.25 allows for noise)");
        return table;
    }

    private static long StoreSize(string database)
        => new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>An agent that reports success at once: only the control plane's own cost is measured.</summary>
    private sealed class InstantAgent : IUpgradeAgent
    {
        public Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
            => Task.FromResult<UpgradeOutcome>(new UpgradeSucceeded { UpgradeId = payload.UpgradeId, CompletedAt = TimeProvider.System.GetUtcNow() });

        public ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken) => ValueTask.FromResult<UpgradeOutcome?>(null);
    }
}
