namespace Upgrade.Orchestration;

/// <summary>Computes the denormalized counters of a rollout from its node statuses.</summary>
internal static class RolloutCounters
{
    public static Rollout Apply(Rollout rollout, IEnumerable<RolloutNode> nodes)
    {
        int total = 0, succeeded = 0, failed = 0, pending = 0, rolledBack = 0;
        foreach (var node in nodes)
        {
            total++;
            switch (node.Status)
            {
                case NodeUpgradeStatus.Succeeded:
                    succeeded++;
                    break;
                case NodeUpgradeStatus.Failed or NodeUpgradeStatus.FailedRollback:
                    failed++;
                    break;
                case NodeUpgradeStatus.Pending or NodeUpgradeStatus.InProgress:
                    pending++;
                    break;
                case NodeUpgradeStatus.RolledBack:
                    rolledBack++;
                    break;
                default:
                    break;
            }
        }

        return rollout with
        {
            TotalNodes = total,
            SucceededNodes = succeeded,
            FailedNodes = failed,
            PendingNodes = pending,
            RolledBackNodes = rolledBack,
        };
    }
}
