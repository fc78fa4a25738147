namespace Upgrade.Orchestration;

/// <summary>The lifecycle state of a node.</summary>
public enum NodeState
{
    /// <summary>Not reported.</summary>
    Unknown,

    /// <summary>Running.</summary>
    Running,

    /// <summary>In maintenance (expected during an upgrade).</summary>
    Maintenance,

    /// <summary>Down; fails health validation.</summary>
    Down,

    /// <summary>Failed; fails health validation.</summary>
    Failed,
}
