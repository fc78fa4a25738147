using System.Globalization;
using System.Text;

namespace Upgrade.Samples.ProcessRuntime.Tests;

/// <summary>
/// Finds and kills every process a test started, by the marker variable each node puts in its processes' environment
/// (the environment survives the scripts' <c>exec</c>, their command line does not).
/// </summary>
public static class ProcessReaper
{
    public const string MarkerVariable = "UPGRADE_TEST_NODE";

    public static IReadOnlyList<int> FindWithMarker(string marker)
    {
        var needle = Encoding.UTF8.GetBytes(MarkerVariable + "=" + marker + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (environment.AsSpan().IndexOf(needle) >= 0 && ProcFs.Read(pid) is { IsAlive: true })
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Kills (SIGKILL) every live process with the marker, by pid, and waits until none is left.</summary>
    public static async Task KillAllAsync(string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (FindWithMarker(marker) is { Count: > 0 } pids)
        {
            foreach (var pid in pids)
            {
                Signals.Send(pid, Signals.Kill);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Processes {string.Join(", ", pids)} of test node {marker} did not die.");
            }

            await Task.Delay(50);
        }
    }
}
