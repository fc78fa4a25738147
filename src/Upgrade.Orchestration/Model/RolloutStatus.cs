using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>The lifecycle status of a rollout.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutStatus>))]
public enum RolloutStatus
{
    /// <summary>Created and validated; waits for a start signal.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Upgrading nodes batch by batch.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Stopped between batches by an operator, a failure threshold, a canary failure or a canary gate.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Every batch ran and no node failed.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Every batch ran and at least one node failed.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Cancelled by an operator; nodes not yet started were skipped.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>Sending every upgraded node back to its previous version.</summary>
    [JsonStringEnumMemberName("rolling_back")]
    RollingBack,

    /// <summary>The full rollback ended.</summary>
    [JsonStringEnumMemberName("rolled_back")]
    RolledBack,
}
