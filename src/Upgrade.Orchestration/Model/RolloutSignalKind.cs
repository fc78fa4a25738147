using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>The operator signals a rollout accepts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutSignalKind>))]
public enum RolloutSignalKind
{
    /// <summary>Starts a pending rollout.</summary>
    [JsonStringEnumMemberName("start")]
    Start,

    /// <summary>Pauses after the current batch.</summary>
    [JsonStringEnumMemberName("pause")]
    Pause,

    /// <summary>Resumes a paused rollout (not one that waits for canary approval).</summary>
    [JsonStringEnumMemberName("resume")]
    Resume,

    /// <summary>Launches no new batch; nodes in flight finish; nodes not started are skipped.</summary>
    [JsonStringEnumMemberName("cancel")]
    Cancel,

    /// <summary>Overrides the failure threshold for the rest of the rollout.</summary>
    [JsonStringEnumMemberName("force")]
    Force,

    /// <summary>Approves the canary batch of a breaking migration.</summary>
    [JsonStringEnumMemberName("approve_canary")]
    ApproveCanary,

    /// <summary>Runs a failed node again with a new attempt.</summary>
    [JsonStringEnumMemberName("retry_node")]
    RetryNode,

    /// <summary>Sends every succeeded node back to its previous version, then marks the rollout rolled back.</summary>
    [JsonStringEnumMemberName("rollback")]
    Rollback,
}
