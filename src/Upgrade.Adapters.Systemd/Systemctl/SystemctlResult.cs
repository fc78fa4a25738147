namespace Upgrade.Adapters.Systemd;

/// <summary>The exit code and output of one <c>systemctl</c> invocation.</summary>
internal readonly record struct SystemctlResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
