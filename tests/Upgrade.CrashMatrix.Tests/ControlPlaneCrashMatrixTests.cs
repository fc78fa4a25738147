using System.Diagnostics;
using System.Globalization;
using System.Text;
using Upgrade.CrashMatrix.ControlPlaneHost;
using Xunit.Abstractions;

namespace Upgrade.CrashMatrix.Tests;

/// <summary>
/// Kills a control plane with SIGKILL after every store write of a rolling and of a canary rollout, and of a rolling
/// rollout that reverts an unhealthy node, pauses on its failure threshold and is rolled back, and at seeded random
/// writes; restarts it with the same arguments until it exits, and checks that the rollout reaches the end an
/// uninterrupted run reaches without repeating a mutating step on any node.
/// </summary>
public sealed class ControlPlaneCrashMatrixTests(ITestOutputHelper output)
{
    private const int MinimumKills = 200;
    private const int RandomSeed = 20261129;
    private const int KillsPerRandomCase = 4;
    private static readonly IReadOnlyList<string> Strategies = Scenario.Names;

    [Fact]
    public async Task KillAtEveryWriteAndRandomWrites_ReachesTheUninterruptedEndWithoutRepeatingAMutation()
    {
        var clock = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var baselines = (await Task.WhenAll(Strategies.Select(s => ControlPlaneRunner.RunAsync(new ControlPlaneCase(s, "baseline", []), cancellation.Token))))
            .ToDictionary(b => b.Case.Strategy, StringComparer.Ordinal);
        foreach (var baseline in baselines.Values)
        {
            output.WriteLine($"{baseline.Case.Strategy}: uninterrupted run made {baseline.Writes} writes and ended {baseline.Signature}");
            baseline.Writes.ShouldBeGreaterThan(0);
            baseline.Repeated.ShouldBeEmpty();
            baseline.BatchProblems.ShouldBeEmpty();
            baseline.CounterProblems.ShouldBeEmpty();
        }

        // The failing scenario really takes the failure path: the unhealthy node is reverted, the upgraded ones are rolled back.
        baselines["rolling-rollback"].Signature.ShouldBe(
            "RolledBack;node-00=RolledBack/v1;node-01=RolledBack/v1;node-02=RolledBack/v1;node-03=Failed/v1;node-04=Skipped/v1;node-05=Skipped/v1");

        var cases = new List<ControlPlaneCase>();
        foreach (var strategy in Strategies)
        {
            cases.AddRange(Enumerable.Range(1, baselines[strategy].Writes).Select(n => new ControlPlaneCase(strategy, "every write", [n])));
        }

        var random = new Random(RandomSeed);
        for (var planned = cases.Count; planned < MinimumKills + 16; planned += KillsPerRandomCase)
        {
            // Several kills per scenario: each restart resumes from the previous kill, and fewer process starts fit the
            // same number of kill points.
            var strategy = Strategies[cases.Count % Strategies.Count];
            var writes = baselines[strategy].Writes;
            var points = new SortedSet<int>();
            while (points.Count < KillsPerRandomCase)
            {
                points.Add(random.Next(1, writes + 1));
            }

            cases.Add(new ControlPlaneCase(strategy, "random", [.. points]));
        }

        using var slots = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount * 2));
        var ends = await Task.WhenAll(cases.Select(async c =>
        {
            await slots.WaitAsync(cancellation.Token);
            try
            {
                return await ControlPlaneRunner.RunAsync(c, cancellation.Token);
            }
            finally
            {
                slots.Release();
            }
        }));

        var rows = ends.Select(e => Judge(e, baselines[e.Case.Strategy])).ToList();
        var table = Format(rows, clock.Elapsed);
        output.WriteLine(table);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "crash-matrix-control-plane.md"), table);
        foreach (var problem in rows.SelectMany(r => r.Problems).Take(20))
        {
            output.WriteLine(problem);
        }

        foreach (var repeat in rows.SelectMany(r => r.End.RepeatedByDesign.Select(p => $"{r.End.Case.Name}: {p}")))
        {
            output.WriteLine("repeated by design: " + repeat);
        }

        rows.Sum(r => r.End.Kills).ShouldBeGreaterThanOrEqualTo(MinimumKills);
        rows.SelectMany(r => r.Problems).ShouldBeEmpty();
    }

    private static Row Judge(ControlPlaneEnd end, ControlPlaneEnd baseline)
    {
        var problems = new List<string>();
        var sameEnd = end.Signature == baseline.Signature;
        if (!sameEnd)
        {
            problems.Add($"{end.Case.Name}: ended {end.Signature}, uninterrupted {baseline.Signature}");
        }

        var totalsDiffer = end.MutationsPerNode.Any(m => baseline.MutationsPerNode.GetValueOrDefault(m.Key) != m.Value);
        if (totalsDiffer)
        {
            problems.Add($"{end.Case.Name}: mutating calls per node {Describe(end.MutationsPerNode)}, uninterrupted {Describe(baseline.MutationsPerNode)}");
        }

        problems.AddRange(end.Repeated.Select(p => $"{end.Case.Name}: repeated {p}"));
        problems.AddRange(end.BatchProblems.Select(p => $"{end.Case.Name}: {p}"));
        problems.AddRange(end.CounterProblems.Select(p => $"{end.Case.Name}: counter {p}"));
        return new Row(end, sameEnd, totalsDiffer, problems);
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) => string.Join(' ', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    private static string Format(List<Row> rows, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("| strategy | kind | cases | points tried (kills) | reached same end | mutating step repeated | mutation total differs | batches skipped | counters mismatched | reload repeated (by design) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => (r.End.Case.Strategy, r.End.Case.Kind)).OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            Line(group.Key.Strategy, group.Key.Kind, [.. group]);
        }

        Line("all", "all", rows);
        text.AppendLine(CultureInfo.InvariantCulture, $"host runs: {rows.Sum(r => r.End.Runs)}; wall time: {elapsed.TotalSeconds:F1} s");
        return text.ToString();

        void Line(string strategy, string kind, List<Row> group) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {strategy} | {kind} | {group.Count} | {group.Sum(r => r.End.Kills)} | {group.Count(r => r.SameEnd)} | {group.Count(r => r.End.Repeated.Count > 0)} | {group.Count(r => r.TotalsDiffer)} | {group.Count(r => r.End.BatchProblems.Count > 0)} | {group.Count(r => r.End.CounterProblems.Count > 0)} | {group.Count(r => r.End.RepeatedByDesign.Count > 0)} |");
    }

    private sealed record Row(ControlPlaneEnd End, bool SameEnd, bool TotalsDiffer, List<string> Problems);
}
