using System.Globalization;
using Upgrade.Benchmarks;
using Upgrade.Benchmarks.Artifacts;
using Upgrade.Benchmarks.ControlPlane;
using Upgrade.Benchmarks.Executor;
using Upgrade.Benchmarks.Fleet;

// Usage: Upgrade.Benchmarks [all|p1|p2|p3|p4]... [--runs N] [--nodes N] [--batch N] [--binary-mib N] [--artifact-mib N]
//                          [--sizes 1000,10000,100000] [--smoke]
// Tables go to stdout; progress goes to stderr.
var selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
var smoke = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--smoke")
    {
        smoke = true;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        settings[args[i][2..]] = args[++i];
    }
    else if (args[i] is "all" or "p1" or "p2" or "p3" or "p4")
    {
        selected.Add(args[i]);
    }
    else
    {
        Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: Upgrade.Benchmarks [all|p1|p2|p3|p4]... [--runs N] [--nodes N] [--batch N] [--binary-mib N] [--artifact-mib N] [--sizes A,B,C] [--smoke]");
        return 2;
    }
}

if (selected.Count == 0 || selected.Contains("all"))
{
    selected.UnionWith(["p1", "p2", "p3", "p4"]);
}

int Setting(string name, int smokeValue, int defaultValue) => settings.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : smoke ? smokeValue : defaultValue;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var token = cancellation.Token;
var log = Console.Error;
var runs = Setting("runs", 3, 3);
var work = settings.GetValueOrDefault("work-dir", "/var/tmp/upgrade-bench");
var exitCode = 0;

if (selected.Contains("p1"))
{
    if (SystemdNamespace.MissingReason() is { } reason)
    {
        Console.Error.WriteLine($"P1 skipped: {reason}.");
        exitCode = 1;
    }
    else
    {
        await using var systemd = await SystemdNamespace.BootAsync(token);
        var options = new FleetUpgradeOptions
        {
            Nodes = Setting("nodes", 2, 50),
            BatchSize = Setting("batch", 2, 10),
            BinaryBytes = (long)Setting("binary-mib", 1, 20) << 20,
            Runs = runs,
        };
        foreach (var table in await FleetUpgradeBenchmark.RunAsync(systemd.Host, options, log, token))
        {
            Console.WriteLine(table.Render());
        }
    }
}

if (selected.Contains("p2"))
{
    var table = await AcquireVerifyBenchmark.RunAsync((long)Setting("artifact-mib", 4, 1024) << 20, runs, Path.Combine(work, "artifacts"), log, token);
    Console.WriteLine(table.Render());
}

if (selected.Contains("p3"))
{
    var sizes = settings.TryGetValue("sizes", out var list)
        ? list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
        : smoke ? [100, 200] : [1_000, 10_000, 100_000];
    var table = await ControlPlaneBenchmark.RunAsync(sizes, Setting("batch", 50, 100), runs, Path.Combine(work, "control-plane"), log, token);
    Console.WriteLine(table.Render());
}

if (selected.Contains("p4"))
{
    var table = smoke
        ? await ExecutorOverheadBenchmark.RunOnceAsync(Path.Combine(work, "executor"), token)
        : ExecutorOverheadBenchmark.RunWithBenchmarkDotNet();
    Console.WriteLine(table.Render());
}

return exitCode;
