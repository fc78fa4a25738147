namespace Upgrade.Orchestration;

/// <summary>A node as the inventory knows it.</summary>
public sealed record InventoryNode
{
    /// <summary>Gets the node id the agent transport addresses.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the binary version the node runs.</summary>
    public required string CurrentVersion { get; init; }

    /// <summary>Gets the artifact URL of the current version, used to roll the node back.</summary>
    public string? CurrentBinaryUrl { get; init; }

    /// <summary>Gets the artifact checksum of the current version, used to roll the node back.</summary>
    public string? CurrentChecksum { get; init; }

    /// <summary>
    /// Gets the node's own config variables (its node config: moniker, addresses, key paths). Config templates use them
    /// as <c>{{ node.name }}</c>; a rollout captures the ones its templates use when it resolves its targets.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConfigVariables { get; init; } = ConfigTemplateRenderer.NoVariables;
}
