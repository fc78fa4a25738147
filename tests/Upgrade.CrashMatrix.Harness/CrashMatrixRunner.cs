using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Upgrade.Testing;

namespace Upgrade.CrashMatrix;

/// <summary>How one case ended.</summary>
public enum CaseEnd
{
    New,
    Old,
    Mixed,
}

/// <summary>The result of one case.</summary>
public sealed record CaseResult(CrashCase Case, IReadOnlyList<string> Killed, int Runs, CaseEnd End, bool NeededPerson, IReadOnlyList<string> Problems, TimeSpan Elapsed);

/// <summary>
/// Runs crash cases against fresh nodes of one runtime: kills the agent test host at each armed point, restarts it with
/// the same payload until it exits, and compares the node with golden snapshots taken from clean runs.
/// </summary>
public sealed class CrashMatrixRunner
{
    /// <summary>Exit codes of the agent test host.</summary>
    public const int ExitSucceeded = 0;
    public const int ExitCompensated = 10;
    public const int ExitRollbackFailed = 20;

    private const int MaxRestarts = 5;

    private readonly string _runtime;
    private readonly string _hostDll;
    private readonly Func<string, CancellationToken, Task<ICrashNode>> _createNode;
    private readonly LoopbackArtifactServer? _server;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, string> _goldenOld = new(StringComparer.Ordinal);
    private string? _goldenNew;

    public CrashMatrixRunner(string runtime, string hostDll, Func<string, CancellationToken, Task<ICrashNode>> createNode, LoopbackArtifactServer? server, Action<string> log)
    {
        _runtime = runtime;
        _hostDll = hostDll;
        _createNode = createNode;
        _server = server;
        _log = log;
    }

    public string Runtime => _runtime;

    /// <summary>Gets or sets where a line per finished case goes (its time and end), for watching a long run.</summary>
    public Action<string>? Progress { get; set; }

    public ConcurrentBag<CaseResult> Results { get; } = [];

    /// <summary>Takes golden-new and golden-old (one per failing action) from clean runs on fresh nodes.</summary>
    public async Task TakeGoldensAsync(IEnumerable<string> failActions, int parallelism, CancellationToken cancellationToken)
    {
        var (snapshot, run, _) = await RunCaseCoreAsync(CrashCase.Clean(null), cancellationToken);
        if (run.ExitCode != ExitSucceeded)
        {
            throw new InvalidOperationException($"The clean {_runtime} upgrade did not succeed (exit {run.ExitCode}):\n{run.Output}");
        }

        _goldenNew = snapshot;
        await Parallel.ForEachAsync(
            failActions,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (action, ct) =>
            {
                var (old, oldRun, _) = await RunCaseCoreAsync(CrashCase.Clean(action), ct);
                if (oldRun.ExitCode != ExitCompensated)
                {
                    throw new InvalidOperationException($"The clean {_runtime} upgrade failing at {action} did not end compensated (exit {oldRun.ExitCode}):\n{oldRun.Output}");
                }

                _goldenOld[action] = old;
            });
        _log($"{_runtime} golden-new:\n{_goldenNew}\nits run:\n{run.Output}");
    }

    /// <summary>Runs cases, <paramref name="parallelism"/> at a time, each on its own fresh node.</summary>
    /// <remarks>
    /// <c>UPGRADE_CRASH_MATRIX_CASES</c>, when set, keeps only the cases whose name contains it: a failing case can be run
    /// again by itself.
    /// </remarks>
    public async Task RunAsync(IEnumerable<CrashCase> cases, int parallelism, CancellationToken cancellationToken)
        => await Parallel.ForEachAsync(
            Environment.GetEnvironmentVariable("UPGRADE_CRASH_MATRIX_CASES") is { Length: > 0 } only ? cases.Where(c => c.Name.Contains(only, StringComparison.Ordinal)) : cases,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (crashCase, ct) => Results.Add(await RunCaseAsync(crashCase, ct)));

    private async Task<CaseResult> RunCaseAsync(CrashCase crashCase, CancellationToken cancellationToken)
    {
        var goldenNew = _goldenNew ?? throw new InvalidOperationException("Take the goldens first.");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (snapshot, final, history) = await RunCaseCoreAsync(crashCase, cancellationToken);
        var problems = new List<string>();

        // The old state a case may end in: the clean compensated run of its own failure; without one, any of them.
        var olds = crashCase.FailAction is { } failed ? [_goldenOld[failed]] : _goldenOld.Values.Distinct(StringComparer.Ordinal).ToList();
        var end = snapshot == goldenNew ? CaseEnd.New : olds.Contains(snapshot, StringComparer.Ordinal) ? CaseEnd.Old : CaseEnd.Mixed;
        var person = final.ExitCode is not (ExitSucceeded or ExitCompensated);
        if (person)
        {
            problems.Add($"the host ended with exit code {final.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}: a person is needed");
        }

        if (end == CaseEnd.Mixed)
        {
            problems.Add("mixed state; differs from golden-new by:\n" + Diff(goldenNew, snapshot) + "\nand from golden-old by:\n" + Diff(olds[0], snapshot));
        }
        else if ((end == CaseEnd.New) != (crashCase.Expected == ExpectedEnd.New))
        {
            problems.Add($"ended {end}, expected {crashCase.Expected}");
        }

        var killed = history.Where(r => r.Killed).Select(r => r.ReachedPoint!).ToList();
        if (killed.Count != crashCase.Points.Count)
        {
            var missed = crashCase.Points.Except(killed, StringComparer.Ordinal).ToList();

            // A second point that comes before the first one's resume position is legitimately never reached again.
            if (crashCase.Points.Count == 1 || missed.Contains(crashCase.Points[0], StringComparer.Ordinal))
            {
                problems.Add("never reached: " + string.Join(", ", missed));
            }
        }

        problems.AddRange(CheckCompensationOrder(crashCase, history));
        if (problems.Count > 0)
        {
            problems.Add("runs:\n" + string.Join("\n---\n", history.Select(r => r.Output)));
        }

        var result = new CaseResult(crashCase, killed, history.Count, end, person, problems, started.Elapsed);
        if (problems.Count > 0)
        {
            _log($"[{_runtime}] {crashCase.Name}: {string.Join("\n", problems)}");
        }

        Progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{started.Elapsed.TotalSeconds:F1}s {end} runs={history.Count} {crashCase.Name}"));

        return result;
    }

    private async Task<(string Snapshot, HostRun Final, List<HostRun> History)> RunCaseCoreAsync(CrashCase crashCase, CancellationToken cancellationToken)
    {
        await using var node = await _createNode(crashCase.Name, cancellationToken);
        var arguments = new List<string> { "--payload", node.PayloadPath, "--state", node.StateDirectory };
        if (crashCase.FailAction is { } fail)
        {
            arguments.AddRange(["--fail", fail]);
        }

        var history = new List<HostRun>();
        HostRun? final = null;
        foreach (var point in crashCase.Points)
        {
            HostRun run;
            if (point.StartsWith(CrashPoints.Stall + ":", StringComparison.Ordinal))
            {
                var url = node.ArtifactUrl ?? throw new InvalidOperationException($"{point} needs an artifact the harness serves.");
                var server = _server ?? throw new InvalidOperationException($"{point} needs the artifact server.");
                var stalled = server.StallNextRequestAsync(url, cancellationToken);
                try
                {
                    run = await HostProcess.RunAsync(_hostDll, arguments, stalled, point, cancellationToken);
                }
                finally
                {
                    server.DisarmStall(url);
                }
            }
            else
            {
                run = await HostProcess.RunAsync(_hostDll, [.. arguments, "--crash", point], cancellationToken: cancellationToken);
            }

            history.Add(run);
            if (!run.Killed)
            {
                final = run;
                break;
            }
        }

        for (var restart = 0; final is null && restart < MaxRestarts; restart++)
        {
            var run = await HostProcess.RunAsync(_hostDll, arguments, cancellationToken: cancellationToken);
            history.Add(run);
            if (!run.Killed)
            {
                final = run;
            }
        }

        var snapshot = await node.CaptureAsync(cancellationToken);
        return (snapshot, final ?? history[^1], history);
    }

    /// <summary>Compensations must run in strict reverse order of the actions, the failing one first, each after its predecessor ended.</summary>
    private static IEnumerable<string> CheckCompensationOrder(CrashCase crashCase, List<HostRun> history)
    {
        var order = new List<string>();
        foreach (var line in history.SelectMany(r => r.Output.Split('\n')))
        {
            if (line.StartsWith("compensate ", StringComparison.Ordinal))
            {
                var action = line["compensate ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                if (!order.Contains(action, StringComparer.Ordinal))
                {
                    order.Add(action);
                }
            }
        }

        if (crashCase.FailAction is null)
        {
            if (order.Count > 0)
            {
                yield return "compensated without a failure: " + string.Join(", ", order);
            }

            yield break;
        }

        var expected = Enumerable.Range(0, CrashPoints.IndexOf(crashCase.FailAction) + 1).Reverse().Select(i => CrashPoints.Actions[i]).ToList();
        if (!order.SequenceEqual(expected, StringComparer.Ordinal))
        {
            yield return $"compensation order {string.Join(", ", order)}; expected {string.Join(", ", expected)}";
        }
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var text = new StringBuilder();
        foreach (var line in e.Except(a, StringComparer.Ordinal))
        {
            text.Append("  - ").AppendLine(line);
        }

        foreach (var line in a.Except(e, StringComparer.Ordinal))
        {
            text.Append("  + ").AppendLine(line);
        }

        return text.ToString();
    }
}
