using System.Globalization;

namespace Upgrade.Adapters.Systemd;

/// <summary>The properties of a unit that the adapter reads with <c>systemctl show</c>.</summary>
internal sealed record UnitState
{
    /// <summary>The properties requested from <c>systemctl show</c>, in the form of its <c>--property</c> argument.</summary>
    public const string PropertyList = "LoadState,ActiveState,SubState,Result,NRestarts,MainPID,NeedDaemonReload";

    public string LoadState { get; init; } = string.Empty;

    public string ActiveState { get; init; } = string.Empty;

    public string SubState { get; init; } = string.Empty;

    public string Result { get; init; } = string.Empty;

    public int RestartCount { get; init; }

    public int MainPid { get; init; }

    public bool NeedDaemonReload { get; init; }

    /// <summary>Gets a value indicating whether the unit runs: <c>active</c> (or reloading while active).</summary>
    public bool IsRunning => ActiveState is "active" or "reloading";

    /// <summary>Gets a value indicating whether the unit has come to rest without running.</summary>
    public bool IsStopped => ActiveState is "inactive" or "failed" || LoadState is "not-found";

    /// <summary>Gets the state in systemd's own words, <c>ActiveState/SubState</c>.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ActiveState}/{SubState} (result {Result}, restarts {RestartCount}, main PID {MainPid})");
}
