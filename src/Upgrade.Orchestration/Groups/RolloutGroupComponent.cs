namespace Upgrade.Orchestration;

/// <summary>One entry of a group's <c>component_order</c>.</summary>
public sealed record RolloutGroupComponent
{
    /// <summary>Gets the component's position within the group (<c>component_index</c>).</summary>
    public required int ComponentIndex { get; init; }

    /// <summary>Gets the binary the component upgrades; a key of the group's desired versions.</summary>
    public required string BinaryName { get; init; }

    /// <summary>Gets the manifest that auto-populates the component, if any.</summary>
    public string? UpgradeId { get; init; }
}
