namespace Upgrade.Orchestration;

/// <summary>The incident categories the rollout engine raises.</summary>
public static class IncidentCategories
{
    /// <summary>
    /// A node's upgrade and its compensation both failed (the agent reported <c>FAILED_ROLLBACK</c>), or a Tier-3
    /// (breaking migration) node crash-loops after it was rolled back. Critical.
    /// </summary>
    public const string UpgradeFailed = "upgrade_failed";

    /// <summary>Rolling back (full rollback or health revert) a node whose upgrade had succeeded failed. Critical.</summary>
    public const string UpgradeRollbackFailed = "upgrade_rollback_failed";

    /// <summary>Health validation ran its whole duration and failed while the node still showed life. Warning.</summary>
    public const string UpgradeStalled = "upgrade_stalled";
}
