using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>Why a rollout is paused.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutPauseReason>))]
public enum RolloutPauseReason
{
    /// <summary>The rollout is not paused.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>An operator sent the pause signal.</summary>
    [JsonStringEnumMemberName("operator")]
    Operator,

    /// <summary>Failed nodes over attempted nodes exceeded the failure threshold.</summary>
    [JsonStringEnumMemberName("failure_threshold_exceeded")]
    FailureThresholdExceeded,

    /// <summary>A canary node failed.</summary>
    [JsonStringEnumMemberName("canary_failed")]
    CanaryFailed,

    /// <summary>A breaking migration waits for the approve_canary signal.</summary>
    [JsonStringEnumMemberName("awaiting_canary_approval")]
    AwaitingCanaryApproval,
}
