using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using Perfolizer.Horology;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Upgrade.Benchmarks.Executor;

/// <summary>Runs P4 with BenchmarkDotNet (in process) or, in the smoke mode, one plain iteration of each case.</summary>
public static class ExecutorOverheadBenchmark
{
    public const string Title = "P4 executor overhead per upgrade";

    public static ResultTable RunWithBenchmarkDotNet()
    {
        // In process: the generated out-of-process project would inherit the repository's build rules. Fixed counts:
        // on a noisy machine the default job keeps adding iterations until the in-process time limit.
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true)))
            .AddLogger(ConsoleLogger.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<ExecutorOverheadBenchmarks>(config);
        var cases = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .Select(r => (Name: r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), Nanoseconds: r.ResultStatistics!.Median, Bytes: r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))
            .ToList();
        return Build("BenchmarkDotNet 0.15.8, in-process, median", cases);
    }

    /// <summary>The smoke mode: one iteration of each case after one warm-up, no statistics.</summary>
    public static async Task<ResultTable> RunOnceAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var benchmarks = new ExecutorOverheadBenchmarks { StoreDirectory = Path.Combine(workDirectory, Guid.NewGuid().ToString("N")[..8]) };
        benchmarks.Setup();
        try
        {
            var cases = new List<(string, double, long)>();
            foreach (var (name, run) in new (string, Func<Task<UpgradeOutcome>>)[] { ("in-memory stores", benchmarks.InMemoryStores), ("durable file stores", benchmarks.DurableFileStores), ("durable file stores on tmpfs", benchmarks.DurableFileStoresOnTmpfs) })
            {
                cancellationToken.ThrowIfCancellationRequested();
                await run();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var stopwatch = Stopwatch.StartNew();
                await run();
                var elapsed = stopwatch.Elapsed.TotalMilliseconds * 1e6;
                cases.Add((name, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated));
            }

            return Build("smoke: one iteration", cases);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static ResultTable Build(string how, IReadOnlyList<(string Name, double Nanoseconds, long Bytes)> cases)
    {
        var baseline = cases.First(c => c.Name == "in-memory stores");
        var durable = cases.First(c => c.Name == "durable file stores");
        var table = new ResultTable($"{Title} ({how})", "case", "median", "allocated", "ratio");
        foreach (var (name, nanoseconds, bytes) in new[] { baseline, durable }.Concat(cases.Where(c => c.Name != baseline.Name && c.Name != durable.Name)))
        {
            var label = name == baseline.Name ? name + " (baseline)" : name;
            table.AddRow(label, ResultTable.Milliseconds(nanoseconds / 1e6), (bytes / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " KiB", ResultTable.Ratio(nanoseconds / baseline.Nanoseconds));
        }

        table.AddNote($"target: <= 5 ms per upgrade with durable checkpoints: {ResultTable.Milliseconds(durable.Nanoseconds / 1e6)}, {ResultTable.Verdict(durable.Nanoseconds <= 5e6)}");
        table.AddNote("durable: 8 checkpoints and 1 outcome record per upgrade, each made durable with fsync of the file and of its directory; the checkpoint removal after the outcome is not synced");
        return table;
    }
}
