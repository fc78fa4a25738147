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

    /// <summary>
    /// Lists the nodes of a chain and node type that a rollout of one binary may upgrade, with the version of that
    /// binary. Nodes that run several binaries (a rollout group's components) need it; the default ignores the binary.
    /// </summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="nodeType">The node type.</param>
    /// <param name="binaryName">The binary the rollout upgrades.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The nodes with the binary's current version and its artifact (the rollback reference).</returns>
    Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, string binaryName, CancellationToken cancellationToken) =>
        GetEligibleNodesAsync(chainProfileId, nodeType, cancellationToken);
}
