using Upgrade.Benchmarks.Artifacts;
using Upgrade.Benchmarks.ControlPlane;
using Upgrade.Benchmarks.Executor;

namespace Upgrade.Benchmarks.Tests;

/// <summary>
/// Tiny runs of P2, P3 and P4: each prints its table with the expected rows and positive ratios. No timing thresholds:
/// speed goals live in the benchmarks themselves.
/// </summary>
public sealed class BenchmarkSmokeTests : IDisposable
{
    private readonly string _work = Path.Combine("/var/tmp/upgrade-bench-tests", Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task AcquireVerify_FewMebibytes_PrintsBaselineAndSdkRowsWithPositiveRatios()
    {
        var table = await AcquireVerifyBenchmark.RunAsync(3L << 20, runs: 3, _work, TextWriter.Null, CancellationToken.None);

        var printed = PrintedTable.Parse(table.Render());
        printed.Cases.ShouldBe(["sha256sum (baseline)", "sdk acquire + verify"]);
        printed.AssertPositiveRatios()[0].ShouldBe(1);
        printed.Text.ShouldContain("target: sdk throughput >= 0.9x of sha256sum");
        printed.Rows[1][3].ShouldEndWith("MiB", customMessage: "the peak working set is reported");
        Directory.GetFiles(Path.Combine(_work, "installed")).ShouldBeEmpty("the acquired copy is discarded after each run");
    }

    [Fact]
    public async Task ControlPlane_TwoSmallFleets_PrintsOneRowPerSizeWithPositiveRatios()
    {
        var table = await ControlPlaneBenchmark.RunAsync([100, 200], batchSize: 50, runs: 1, _work, TextWriter.Null, CancellationToken.None);

        var printed = PrintedTable.Parse(table.Render());
        printed.Cases.ShouldBe(["100", "200"]);
        printed.AssertPositiveRatios()[0].ShouldBe(1, "the smallest fleet is the baseline of the growth ratio");
        printed.Header.ShouldBe(["nodes", "median", "per node", "peak working set", "store size", "ratio"]);
        printed.Rows.ShouldAllBe(r => r[4].EndsWith("MiB", StringComparison.Ordinal) && r[4] != "0.0 MiB");
        printed.Text.ShouldContain("growth no worse than linear");
    }

    [Fact]
    public async Task ExecutorOverhead_OneIteration_PrintsInMemoryBaselineAndDurableRowsWithPositiveRatios()
    {
        var table = await ExecutorOverheadBenchmark.RunOnceAsync(_work, CancellationToken.None);

        var printed = PrintedTable.Parse(table.Render());
        printed.Cases.ShouldBe(["in-memory stores (baseline)", "durable file stores", "durable file stores on tmpfs"]);
        printed.AssertPositiveRatios()[0].ShouldBe(1);
        printed.Header.ShouldContain("allocated");
        printed.Text.ShouldContain("target: <= 5 ms per upgrade with durable checkpoints");
    }
}
