using System.Text.Json.Serialization;

namespace Upgrade;

/// <summary>The direction an upgrade was moving in when its checkpoint was saved.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckpointMode>))]
public enum CheckpointMode
{
    /// <summary>Running actions forward.</summary>
    [JsonStringEnumMemberName("executing")]
    Executing,

    /// <summary>Compensating completed actions in reverse order.</summary>
    [JsonStringEnumMemberName("compensating")]
    Compensating,
}
