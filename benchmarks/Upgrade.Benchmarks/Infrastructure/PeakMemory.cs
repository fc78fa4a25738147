using System.Globalization;

namespace Upgrade.Benchmarks;

/// <summary>
/// The process's peak working set (VmHWM). Linux lets a process reset its own peak by writing 5 to clear_refs, so each
/// case reports its own peak rather than the largest one of the whole run.
/// </summary>
public static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Older kernels or a restricted /proc: the peak then covers the whole process.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Reads the peak resident set size since the last <see cref="Reset"/>, in bytes.</summary>
    public static long ReadPeakBytes() => ReadStatus("VmHWM:") ?? Environment.WorkingSet;

    /// <summary>Reads the current resident set size, in bytes.</summary>
    public static long ReadCurrentBytes() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    private static long? ReadStatus(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kilobytes = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
