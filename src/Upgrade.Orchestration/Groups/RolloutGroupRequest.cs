namespace Upgrade.Orchestration;

/// <summary>A request to create a multi-component rollout group.</summary>
public sealed class RolloutGroupRequest
{
    /// <summary>Gets or sets the chain.</summary>
    public string? ChainProfileId { get; set; }

    /// <summary>Gets or sets the failure policy; required, there is no default.</summary>
    public RolloutGroupFailurePolicy? FailurePolicy { get; set; }

    /// <summary>Gets or sets the target state: binary name to version.</summary>
    public IReadOnlyDictionary<string, string>? DesiredVersions { get; set; }

    /// <summary>Gets or sets the components in the order they run.</summary>
    public IReadOnlyList<RolloutGroupComponent>? ComponentOrder { get; set; }

    /// <summary>Gets or sets who creates the group; its component rollouts record the same creator.</summary>
    public string? CreatedBy { get; set; }
}
