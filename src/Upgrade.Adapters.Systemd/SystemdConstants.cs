namespace Upgrade.Adapters.Systemd;

/// <summary>The defaults of the systemd adapter's lifecycle options.</summary>
internal static class SystemdConstants
{
    public const string DefaultSystemctlPath = "/usr/bin/systemctl";

    public static readonly TimeSpan DefaultStartSettleTime = TimeSpan.FromMilliseconds(1500);

    public static readonly TimeSpan DefaultStatusPollInterval = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(90);
}
