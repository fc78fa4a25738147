using System.Globalization;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>What a pid file records about the process an agent started.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">The process's start time from <c>/proc/{pid}/stat</c>, which a reused pid cannot have.</param>
/// <param name="Executable">The executable the agent started.</param>
internal sealed record PidRecord(int Pid, ulong StartTime, string Executable);

/// <summary>
/// Reads and writes the pid file: three lines (pid, start time, executable), replaced through a rename so that a crash
/// leaves the old or the new record, never a torn one.
/// </summary>
internal static class PidFile
{
    public static async Task WriteAsync(string path, PidRecord record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var text = string.Create(CultureInfo.InvariantCulture, $"{record.Pid}\n{record.StartTime}\n{record.Executable}\n");
        await File.WriteAllTextAsync(temp, text, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the pid file; <see langword="null"/> when it is missing or unreadable (then it names no process).</summary>
    public static PidRecord? Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (lines.Length < 3
            || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !ulong.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
            || pid <= 0)
        {
            return null;
        }

        return new PidRecord(pid, startTime, lines[2]);
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
