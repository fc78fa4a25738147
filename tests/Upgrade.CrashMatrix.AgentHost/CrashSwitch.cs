namespace Upgrade.CrashMatrix.AgentHost;

/// <summary>The one crash point armed for this run, and where the upgrade is, for the decorators to find it.</summary>
internal static class CrashSwitch
{
    public static string? Armed { get; set; }

    /// <summary>Gets or sets the action whose member runs now.</summary>
    public static string? CurrentAction { get; set; }

    public static bool Compensating { get; set; }

    private static bool s_midFired;

    /// <summary>Blocks forever when <paramref name="point"/> is the armed one, after telling the harness.</summary>
    public static void Hit(string point)
    {
        if (string.Equals(point, Armed, StringComparison.Ordinal))
        {
            Block(point);
        }
    }

    /// <summary>Whether a mutating runtime call should be left in flight while the host blocks (only the first such call).</summary>
    public static string? MidPoint()
    {
        if (s_midFired || CurrentAction is null)
        {
            return null;
        }

        var point = CrashPoints.Of(Compensating ? CrashPoints.CompensationMid : CrashPoints.Mid, CurrentAction);
        if (!string.Equals(point, Armed, StringComparison.Ordinal))
        {
            return null;
        }

        s_midFired = true;
        return point;
    }

    public static void Block(string point)
    {
        Console.Out.WriteLine(HostProcess.ReachedPrefix + point);
        Console.Out.Flush();

        // Block the thread, not just this call chain: nothing of the upgrade may move on until the kill.
        Thread.Sleep(Timeout.Infinite);
    }

    private static readonly System.Diagnostics.Stopwatch s_clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Writes a trace line; the harness reads the first word (execute, compensate, call, ...) and ignores the time after it.</summary>
    public static void Trace(string line)
    {
        Console.Out.WriteLine(line + "  @" + s_clock.ElapsedMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms");
    }
}
