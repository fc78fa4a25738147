using System.Collections.Concurrent;
using System.Text.Json;

namespace Upgrade.Orchestration;

/// <summary>Converts enums to and from their snake_case wire names (their <c>JsonStringEnumMemberName</c>).</summary>
internal static class WireNames
{
    private static readonly ConcurrentDictionary<(Type, object), string> Names = new();
    private static readonly ConcurrentDictionary<(Type, string), object> Values = new();

    public static string Of<T>(T value)
        where T : struct, Enum =>
        Names.GetOrAdd((typeof(T), value), static key => JsonSerializer.Serialize(key.Item2, key.Item1).Trim('"'));

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        (T)Values.GetOrAdd((typeof(T), name), static key =>
            JsonSerializer.Deserialize("\"" + key.Item2 + "\"", key.Item1)
            ?? throw new StoreCorruptedException($"'{key.Item2}' is not a {key.Item1.Name}."));
}
