using System.Diagnostics;
using System.Text;

namespace Upgrade.CrashMatrix;

/// <summary>How one run of a test host ended.</summary>
public sealed record HostRun(string? ReachedPoint, int? ExitCode, string Output)
{
    /// <summary>Gets a value indicating whether the harness killed the host at its armed point.</summary>
    public bool Killed => ReachedPoint is not null;
}

/// <summary>
/// Starts a test host (<c>dotnet HOST.dll ARGS</c>) as a child, waits until it reports that it blocks at its armed crash
/// point (a line <c>reached POINT</c> on stdout) and kills it with SIGKILL there; or waits until it exits by itself.
/// </summary>
public static class HostProcess
{
    public const string ReachedPrefix = "reached ";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the host once.</summary>
    /// <param name="hostDll">The host's built assembly.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="externalPoint">
    /// A point the harness itself observes (such as a stalled download): when it completes first, the host is killed
    /// there. <see langword="null"/> for none.
    /// </param>
    /// <param name="externalPointName">The name reported for <paramref name="externalPoint"/>.</param>
    /// <param name="cancellationToken">Cancels the run; the host is killed.</param>
    public static async Task<HostRun> RunAsync(string hostDll, IReadOnlyList<string> arguments, Task? externalPoint = null, string? externalPointName = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Quick start-up matters more than steady-state speed for a process that lives a second.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        start.Environment["DOTNET_gcServer"] = "0";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        var reached = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = Task.Run(
            async () =>
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    lock (output)
                    {
                        output.Append("! ").AppendLine(line);
                    }
                }
            },
            CancellationToken.None);
        var stdout = Task.Run(
            async () =>
            {
                while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    lock (output)
                    {
                        output.AppendLine(line);
                    }

                    if (line.StartsWith(ReachedPrefix, StringComparison.Ordinal))
                    {
                        reached.TrySetResult(line[ReachedPrefix.Length..]);
                    }
                }
            },
            CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        var external = externalPoint ?? Task.Delay(Timeout.Infinite, timeout.Token);
        string? point = null;
        try
        {
            var first = await Task.WhenAny(exited, reached.Task, external);
            if (first == reached.Task)
            {
                point = await reached.Task;
            }
            else if (first == external && externalPoint is not null && externalPoint.IsCompletedSuccessfully)
            {
                point = externalPointName ?? "external";
            }
            else
            {
                await exited;
            }
        }
        catch (OperationCanceledException)
        {
            point = null;
        }
        finally
        {
            if (!process.HasExited)
            {
                // SIGKILL: the host gets no chance to clean up, as in a power cut or an OOM kill.
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        if (point is null && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The host did not reach its point nor exit within {RunTimeout.TotalSeconds} s:\n{text}");
        }

        return point is not null ? new HostRun(point, null, text) : new HostRun(null, process.ExitCode, text);
    }
}
