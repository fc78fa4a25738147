using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>The lifecycle status of a rollout group.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutGroupStatus>))]
public enum RolloutGroupStatus
{
    /// <summary>Created and validated; waits for a start signal.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Running its components in order, or rolling completed components back.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Stopped between components by an operator, or by a component failure under the manual policy.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Every component rollout completed.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Some components were upgraded and at least one failed or was skipped (partial_ok, or an operator's resume or skip).</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>Every component with upgraded nodes was rolled back, in reverse order.</summary>
    [JsonStringEnumMemberName("rolled_back")]
    RolledBack,

    /// <summary>Cancelled by an operator; no further component started.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>The group could not go on: a component rollout could not be created, or a node failed to roll back.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>Helpers over <see cref="RolloutGroupStatus"/>.</summary>
public static class RolloutGroupStatusExtensions
{
    /// <summary>Whether a group in this status counts as the chain's one active group.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for pending, running and paused.</returns>
    public static bool IsActive(this RolloutGroupStatus status) =>
        status is RolloutGroupStatus.Pending or RolloutGroupStatus.Running or RolloutGroupStatus.Paused;

    /// <summary>The snake_case name stored and published for the status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>For example <c>rolled_back</c>.</returns>
    public static string ToWireName(this RolloutGroupStatus status) => status switch
    {
        RolloutGroupStatus.Pending => "pending",
        RolloutGroupStatus.Running => "running",
        RolloutGroupStatus.Paused => "paused",
        RolloutGroupStatus.Completed => "completed",
        RolloutGroupStatus.Partial => "partial",
        RolloutGroupStatus.RolledBack => "rolled_back",
        RolloutGroupStatus.Cancelled => "cancelled",
        RolloutGroupStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
