using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>What a rollout group does when a component fails.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutGroupFailurePolicy>))]
public enum RolloutGroupFailurePolicy
{
    /// <summary>The failed component stops; completed components stay upgraded; the group ends partial.</summary>
    [JsonStringEnumMemberName("partial_ok")]
    PartialOk,

    /// <summary>Every completed component is rolled back in reverse order.</summary>
    [JsonStringEnumMemberName("rollback_all")]
    RollbackAll,

    /// <summary>The group pauses for the operator to resume, roll back or skip.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,
}
