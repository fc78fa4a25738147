namespace Upgrade.CrashMatrix.AgentHost;

/// <summary>Blocks at <c>checkpointed:A</c> once a checkpoint that records A as completed is durable.</summary>
internal sealed class CrashingCheckpointStore(ICheckpointStore inner) : ICheckpointStore
{
    public ValueTask<UpgradeCheckpoint?> GetAsync(string upgradeId, CancellationToken cancellationToken) => inner.GetAsync(upgradeId, cancellationToken);

    public async Task SaveAsync(UpgradeCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(checkpoint, cancellationToken);
        if (checkpoint.Mode == CheckpointMode.Executing)
        {
            foreach (var action in checkpoint.CompletedActions)
            {
                CrashSwitch.Hit(CrashPoints.Of(CrashPoints.Checkpointed, action));
            }
        }
    }

    public Task DeleteAsync(string upgradeId, CancellationToken cancellationToken) => inner.DeleteAsync(upgradeId, cancellationToken);
}

/// <summary>Blocks at <c>checkpointed:start_node</c> once a successful outcome is recorded: the last action has no later checkpoint.</summary>
internal sealed class CrashingCompletedStore(ICompletedUpgradeStore inner, string lastAction) : ICompletedUpgradeStore
{
    public ValueTask<CompletedUpgrade?> GetAsync(string upgradeId, CancellationToken cancellationToken) => inner.GetAsync(upgradeId, cancellationToken);

    public async Task SaveAsync(CompletedUpgrade record, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(record, cancellationToken);
        if (record.Outcome is UpgradeSucceeded)
        {
            CrashSwitch.Hit(CrashPoints.Of(CrashPoints.Checkpointed, lastAction));
        }
    }
}
