namespace Upgrade.Orchestration;

/// <summary>Knows which nodes a rollout targets and what they run.</summary>
public interface INodeInventory
{
    /// <summary>Lists the nodes of a chain and node type that a rollout may upgrade.</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="nodeType">The node type.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The nodes with their current version and its artifact (the rollback reference).</returns>
    Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken);
}
