namespace Upgrade.Orchestration;

/// <summary>The application health a node reports.</summary>
public enum ApplicationHealth
{
    /// <summary>Not reported.</summary>
    Unknown,

    /// <summary>Healthy.</summary>
    Ok,

    /// <summary>Working with reduced service; tolerated during stabilization.</summary>
    Degraded,

    /// <summary>Not working; fails health validation.</summary>
    Critical,
}
