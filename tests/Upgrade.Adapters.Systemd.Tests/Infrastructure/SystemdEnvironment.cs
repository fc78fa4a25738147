namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>Whether this machine can boot a private systemd for the real-system tests.</summary>
public static class SystemdEnvironment
{
    public const string SystemdBinary = "/lib/systemd/systemd";

    /// <summary>Gets a value indicating whether the tests run in CI, where a missing systemd is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets what is missing to boot systemd, or <see langword="null"/> when nothing is.</summary>
    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the real systemd tests need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "the real systemd tests need root (to boot systemd in its own PID namespace)";
        }

        foreach (var tool in new[] { SystemdBinary, "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/setsid", "/usr/bin/systemctl" })
        {
            if (!File.Exists(tool))
            {
                return $"the real systemd tests need {tool}";
            }
        }

        return null;
    }
}

/// <summary>
/// A test against a real systemd: skipped with a message when run by hand on a machine that cannot boot one, and run
/// (so that it fails) when <c>CI=true</c>.
/// </summary>
public sealed class SystemdFactAttribute : FactAttribute
{
    public SystemdFactAttribute()
    {
        if (SystemdEnvironment.MissingReason is { } reason && !SystemdEnvironment.IsCi)
        {
            Skip = "Skipped: " + reason + ".";
        }
    }
}

/// <summary>The theory counterpart of <see cref="SystemdFactAttribute"/>.</summary>
public sealed class SystemdTheoryAttribute : TheoryAttribute
{
    public SystemdTheoryAttribute()
    {
        if (SystemdEnvironment.MissingReason is { } reason && !SystemdEnvironment.IsCi)
        {
            Skip = "Skipped: " + reason + ".";
        }
    }
}
