using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>The operator signals a rollout group accepts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutGroupSignalKind>))]
public enum RolloutGroupSignalKind
{
    /// <summary>Starts a pending group.</summary>
    [JsonStringEnumMemberName("start")]
    Start,

    /// <summary>Pauses the group before its next component (the running component finishes).</summary>
    [JsonStringEnumMemberName("pause")]
    Pause,

    /// <summary>Resumes a paused group; after a component failure, the failed component goes on (forced) and is accepted.</summary>
    [JsonStringEnumMemberName("resume")]
    Resume,

    /// <summary>Cancels the group and its running component rollout; no further component starts.</summary>
    [JsonStringEnumMemberName("cancel")]
    Cancel,

    /// <summary>Rolls back every component with upgraded nodes, in reverse order.</summary>
    [JsonStringEnumMemberName("rollback")]
    Rollback,

    /// <summary>Skips the current (failed) component of a paused group: its rollout is cancelled and the next component starts.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,
}
