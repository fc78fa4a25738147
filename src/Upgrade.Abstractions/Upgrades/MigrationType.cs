using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>
/// How the new version treats the node's state, as declared in the upgrade manifest. It decides the rollback tier.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MigrationType>))]
public enum MigrationType
{
    /// <summary>State is untouched. Tier 1: binary and configs are fully restored on rollback.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>State changes, and the old version can read it. Tier 2: rollback is automatic.</summary>
    [JsonStringEnumMemberName("compatible")]
    Compatible,

    /// <summary>
    /// State changes that the old version may not read. Tier 3: a rollback may crash-loop; recovery is reprovisioning.
    /// </summary>
    [JsonStringEnumMemberName("breaking")]
    Breaking,
}
