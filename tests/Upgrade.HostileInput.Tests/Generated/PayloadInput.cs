using System.Text;
using System.Text.Json;

namespace Upgrade.HostileInput.Tests;

/// <summary>One generated payload input: either a payload object or the raw JSON a transport would receive.</summary>
internal sealed record PayloadInput(UpgradePayload? Payload, byte[]? Json)
{
    public override string ToString() => Json is null
        ? JsonSerializer.Serialize(Payload)[..Math.Min(2_000, JsonSerializer.Serialize(Payload).Length)]
        : Encoding.UTF8.GetString(Json, 0, Math.Min(2_000, Json.Length));
}
