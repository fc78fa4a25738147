namespace Upgrade.Benchmarks.Fleet;

/// <summary>The knobs of the fleet upgrade benchmark (P1).</summary>
public sealed record FleetUpgradeOptions
{
    public int Nodes { get; init; } = 50;

    public int BatchSize { get; init; } = 10;

    public long BinaryBytes { get; init; } = 20L << 20;

    public int Runs { get; init; } = 3;

    /// <summary>Gets how long a started unit must stay active with the same main PID to count as healthy (both sides).</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets how often both sides poll the unit's state while waiting for it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the directory for nodes and artifacts; never under /tmp, which the systemd namespace does not share.</summary>
    public string WorkDirectory { get; init; } = "/var/lib/upgrade-bench/fleet";
}
