using System.Globalization;

namespace Upgrade.Benchmarks;

/// <summary>A systemd running as PID 1 of its own PID and mount namespace, reached through nsenter.</summary>
/// <param name="Pid">The host PID of the namespace's systemd.</param>
public sealed record SystemdHost(int Pid)
{
    /// <summary>Gets the command prefix that runs a command inside the namespace.</summary>
    public IReadOnlyList<string> CommandPrefix => ["nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-m", "-p"];

    /// <summary>Gets the host path of the namespace's runtime unit directory.</summary>
    public string UnitDirectory => $"/proc/{Pid}/root/run/systemd/system";

    public Task<string> SystemctlAsync(CancellationToken cancellationToken, params string[] arguments)
        => ProcessRunner.RunCheckedAsync([.. CommandPrefix, "systemctl", "--no-pager", .. arguments], cancellationToken);
}
