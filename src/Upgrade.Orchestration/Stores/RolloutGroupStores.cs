namespace Upgrade.Orchestration;

/// <summary>Helpers shared by the group stores.</summary>
internal static class RolloutGroupStores
{
    public static ConcurrencyException Conflict(Guid groupId, long expectedVersion, long actualVersion) =>
        new($"Rollout group {groupId} is at version {actualVersion}, not {expectedVersion}: another writer advanced it.");
}
