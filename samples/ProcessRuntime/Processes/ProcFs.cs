using System.Globalization;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>What <c>/proc/{pid}</c> tells about a process.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="State">The state letter of <c>/proc/{pid}/stat</c>: <c>R</c>, <c>S</c>, <c>D</c>, <c>Z</c> (zombie), ...</param>
/// <param name="StartTime">When the process started, in clock ticks since boot; with the pid, it identifies one process.</param>
internal readonly record struct ProcessSnapshot(int Pid, char State, ulong StartTime)
{
    /// <summary>Gets a value indicating whether the process runs: a zombie has exited and only waits to be reaped.</summary>
    public bool IsAlive => State is not ('Z' or 'X' or 'x');
}

/// <summary>Reads processes from <c>/proc</c>.</summary>
internal static class ProcFs
{
    /// <summary>Reads <c>/proc/{pid}/stat</c>, or returns <see langword="null"/> when there is no such process.</summary>
    public static ProcessSnapshot? Read(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces and parentheses: the fields
        // that follow start after the last ')'. Field 3 is the state, field 22 the start time.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length == 0 || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return null;
        }

        return new ProcessSnapshot(pid, fields[0][0], startTime);
    }

    /// <summary>
    /// Reads the target of <c>/proc/{pid}/exe</c>: the image the process runs (for a script, its interpreter), without
    /// the <c> (deleted)</c> mark a replaced binary gets. Returns <see langword="null"/> when it cannot be read.
    /// </summary>
    public static string? ReadExecutable(int pid)
    {
        try
        {
            var target = new FileInfo(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/exe")).LinkTarget;
            const string Deleted = " (deleted)";
            return target is not null && target.EndsWith(Deleted, StringComparison.Ordinal) ? target[..^Deleted.Length] : target;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the arguments of <c>/proc/{pid}/cmdline</c>; empty when they cannot be read.</summary>
    public static IReadOnlyList<string> ReadCommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/cmdline"));
            return text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
