using System.Text.Json.Serialization;

namespace Upgrade.Orchestration;

/// <summary>How the nodes of a rollout are split into batches.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutStrategy>))]
public enum RolloutStrategy
{
    /// <summary>Sequential batches of <see cref="Rollout.BatchSize"/> nodes, parallel within a batch.</summary>
    [JsonStringEnumMemberName("rolling")]
    Rolling,

    /// <summary>A first batch of <see cref="Rollout.CanarySize"/> random nodes with an extended observation, then rolling batches.</summary>
    [JsonStringEnumMemberName("canary")]
    Canary,

    /// <summary>Every node in one batch.</summary>
    [JsonStringEnumMemberName("all_at_once")]
    AllAtOnce,
}
