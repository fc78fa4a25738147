namespace Upgrade.Adapters.Docker.Tests.Infrastructure;

/// <summary>What the real-engine tests need from the machine, and whether a missing piece skips or fails them.</summary>
internal static class DockerEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The reason to skip when run by hand, or <see langword="null"/> (never skipped under CI=true).</summary>
    public static string? SkipReason =>
        IsCi || IsRoot ? null : "Needs root to start a private Docker engine (dockerd) and a registry; run as root or with CI=true.";
}

/// <summary>A fact that needs a real Docker engine: skipped by hand without root, never skipped under CI=true.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs a real Docker engine: skipped by hand without root, never skipped under CI=true.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    public DockerTheoryAttribute()
    {
        if (DockerEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
