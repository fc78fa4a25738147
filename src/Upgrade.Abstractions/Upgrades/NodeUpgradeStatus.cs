using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>The status of one node's upgrade.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeUpgradeStatus>))]
public enum NodeUpgradeStatus
{
    /// <summary>Not started.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Sent to the agent and running.</summary>
    [JsonStringEnumMemberName("in_progress")]
    InProgress,

    /// <summary>Upgraded and healthy.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>Failed; every completed step was compensated, so the node is back on its previous version.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Failed, and a compensation failed too: the node needs a person.</summary>
    [JsonStringEnumMemberName("failed_rollback")]
    FailedRollback,

    /// <summary>Upgraded, then returned to its previous version by a rollback.</summary>
    [JsonStringEnumMemberName("rolled_back")]
    RolledBack,

    /// <summary>Left out on purpose (for example the rollout was cancelled before its batch).</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
