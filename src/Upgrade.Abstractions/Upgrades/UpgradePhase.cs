using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>
/// The display state of a node during its upgrade, derived from the position of the running action.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpgradePhase>))]
public enum UpgradePhase
{
    /// <summary>backup_state, acquire_artifact, verify_artifact: nothing on the node has changed yet.</summary>
    [JsonStringEnumMemberName("PREPARING")]
    Preparing,

    /// <summary>stop_node: the service is being stopped.</summary>
    [JsonStringEnumMemberName("STOPPED")]
    Stopped,

    /// <summary>install_artifact, write_configs, reload_daemon: the node is being changed.</summary>
    [JsonStringEnumMemberName("MUTATING")]
    Mutating,

    /// <summary>start_node: the service is being started on the new version.</summary>
    [JsonStringEnumMemberName("STARTING")]
    Starting,

    /// <summary>The control plane validates the node's health after the agent finished.</summary>
    [JsonStringEnumMemberName("VERIFYING")]
    Verifying,
}
