using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Demo;

/// <summary>
/// The placeholders when no demo fleet runs: no node is eligible, so a started rollout has nothing to upgrade. A real
/// control plane registers its own inventory, health source and agent transport (gRPC, a message bus) instead.
/// </summary>
internal sealed class NoFleet : INodeInventory, IHealthSource, IAgentTransport
{
    public Task<IReadOnlyList<InventoryNode>> GetEligibleNodesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InventoryNode>>([]);

    public Task<NodeHealthSnapshot> GetHealthAsync(string nodeId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new NodeHealthSnapshot { ApplicationHealth = ApplicationHealth.Unknown, SyncStatus = SyncStatus.Unknown, NodeState = NodeState.Down });

    public Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken) =>
        throw new AgentUnavailableException($"No agent transport is configured; node '{nodeId}' cannot be reached.");

    public Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken) =>
        Task.FromResult<UpgradeOutcome?>(null);
}
