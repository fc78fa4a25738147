using System.Diagnostics;
using CsCheck;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Runs a fixed number of generated inputs from a fixed seed, so every run checks the same inputs and a failure names
/// the one that broke. Each call is timed against a hang guard: a bound that only an alias bomb or a pathological
/// input could reach, not a performance goal.
/// </summary>
internal static class GeneratedInputRunner
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<string>> RunAsync<T>(Gen<T> gen, ulong seed, int count, Func<T, Task> check)
    {
        var pcg = new PCG(1, seed);
        var failures = new List<string>();
        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            var input = gen.Generate(pcg, null, out _);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await check(input);
            }
            catch (Exception exception)
            {
                failures.Add($"input #{i} (seed {seed}): {exception.GetType().Name}: {exception.Message}\n{Describe(input)}\n{exception.StackTrace}");
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > HangGuard)
            {
                failures.Add($"input #{i} (seed {seed}) took {elapsed.TotalSeconds:F1} s, above the {HangGuard.TotalSeconds} s hang guard:\n{Describe(input)}");
            }
        }

        return failures;
    }

    private static string Describe<T>(T input) => input switch
    {
        byte[] bytes => Convert.ToBase64String(bytes, 0, Math.Min(bytes.Length, 3_000)),
        _ => input?.ToString() ?? "null",
    };
}
