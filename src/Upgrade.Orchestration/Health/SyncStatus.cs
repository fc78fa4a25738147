namespace Upgrade.Orchestration;

/// <summary>The chain sync status a node reports.</summary>
public enum SyncStatus
{
    /// <summary>Not reported.</summary>
    Unknown,

    /// <summary>At the chain head.</summary>
    Synced,

    /// <summary>Catching up; expected after a restart.</summary>
    Syncing,

    /// <summary>Not progressing; fails health validation.</summary>
    Stalled,
}
