using Upgrade.Benchmarks;
using Upgrade.Benchmarks.Fleet;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>
/// A tiny run of the fleet upgrade benchmark (P1) against this run's systemd: two services, a 1 MiB binary. It checks
/// the printed tables, never the timings.
/// </summary>
[Collection(SystemdCollection.Name)]
public sealed class FleetUpgradeBenchmarkSmokeTests
{
    private readonly SystemdFixture _fixture;

    public FleetUpgradeBenchmarkSmokeTests(SystemdFixture fixture) => _fixture = fixture;

    [SystemdFact]
    public async Task RunAsync_TwoServices_PrintsScriptAndSdkRowsWithPositiveRatiosAndEveryAction()
    {
        var options = new FleetUpgradeOptions
        {
            Nodes = 2,
            BatchSize = 2,
            BinaryBytes = 1L << 20,
            Runs = 1,
            SettleTime = TimeSpan.FromMilliseconds(300),
            WorkDirectory = Path.Combine(SystemdFixture.StateRoot, "fleet-benchmark"),
        };

        var tables = await FleetUpgradeBenchmark.RunAsync(new SystemdHost(_fixture.SystemdPid), options, TextWriter.Null, CancellationToken.None);

        tables.Count.ShouldBe(2);
        var summary = Rows(tables[0].Render());
        summary.Select(r => r[0]).ShouldBe(["script (baseline)", "sdk"]);
        foreach (var row in summary)
        {
            double.Parse(row[^1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, $"the ratio of '{row[0]}'");
        }

        tables[0].Render().ShouldContain("target: sdk within 1.10x of the script");
        Rows(tables[1].Render()).Select(r => r[0]).ShouldBe(
            ["backup_state", "acquire_artifact", "verify_artifact", "stop_node", "install_artifact", "write_configs", "reload_daemon", "start_node"]);
        (Directory.Exists(options.WorkDirectory) && Directory.EnumerateFileSystemEntries(options.WorkDirectory).Any())
            .ShouldBeFalse("the services, units and files of the run are removed");
    }

    private static List<string[]> Rows(string table) =>
        [.. table.Split('\n').Where(l => l.StartsWith('|')).Skip(2).Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
}
