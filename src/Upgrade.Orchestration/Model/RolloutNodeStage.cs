using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>Where an in-progress node is in its upgrade, persisted so that a restarted engine resumes at the same step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutNodeStage>))]
public enum RolloutNodeStage
{
    /// <summary>No step is running on the node.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The upgrade payload was (or is about to be) sent to the agent.</summary>
    [JsonStringEnumMemberName("upgrading")]
    Upgrading,

    /// <summary>The agent upgraded the node; health validation runs.</summary>
    [JsonStringEnumMemberName("verifying")]
    Verifying,

    /// <summary>Health validation failed; the previous version is being sent back to the node.</summary>
    [JsonStringEnumMemberName("reverting")]
    Reverting,

    /// <summary>A full rollout rollback sends the previous version to the node.</summary>
    [JsonStringEnumMemberName("rolling_back")]
    RollingBack,
}
