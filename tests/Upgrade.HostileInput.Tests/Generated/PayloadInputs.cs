using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Generated payloads: field-level mutations of the valid payload (nulls, hostile strings, URLs, checksums, paths with
/// '..', symlinks and other roots, oversized and mismatched configs, revert fields, undefined enum values), the same
/// mutated as JSON text (dropped, duplicated and retyped keys), and raw garbage.
/// </summary>
internal static class PayloadInputs
{
    private static readonly string[] Paths =
    [
        "/etc/app/app.conf", "/etc/app/new.conf", "/etc/app/sub/dir/x.conf", "/etc/app/escape/secret.conf", "/etc/app/escape-file.conf",
        "/etc/app/loop/x", "/etc/app", "/etc/app/", "/etc/app-other/x.conf", "/outside/secret.conf", "/etc/passwd", "etc/app/app.conf",
        "/etc/app/../app/app.conf", "/etc/app/./app.conf", "//etc//app//app.conf", "/etc/app/app.conf\u0000", "/etc/app/\u202eevil.conf",
    ];

    // Declared before Any: static fields initialize in order, and Any's generators read this one.
    private static readonly Gen<string> Url = Gen.Select(
        Gen.OneOf("https", "http", "HTTPS", "ftp", "file", "javascript", "data", string.Empty),
        Gen.OneOf(string.Empty, string.Empty, "user@", "user:secret@", ":secret@", "%75ser:p%40ss@", "user:@"),
        Gen.OneOf("artifacts.example", "127.0.0.1:8443", "[::1]", "xn--80ak6aa92e.example", string.Empty),
        HostileStrings.Any,
        (scheme, credentials, host, path) => $"{scheme}://{credentials}{host}/{path}");

    public static readonly Gen<PayloadInput> Any = Gen.Frequency(
        (4, Structured().Select(p => new PayloadInput(p, null))),
        (4, Gen.Select(Structured(), JsonEdit().Array[0, 4], (p, edits) => new PayloadInput(null, ApplyJson(p, edits)))),
        (1, Gen.Byte.Array[0, 1_000].Select(b => new PayloadInput(null, b))),
        (1, Gen.String[Gen.Char["{}[]\":,0123456789.eE+-tfnulrsa\\ \n"], 0, 300].Select(s => new PayloadInput(null, Encoding.UTF8.GetBytes(s)))));

    private static Gen<UpgradePayload> Structured() =>
        Gen.Select(FieldEdit().Array[0, 5], edits =>
        {
            var shape = Payloads.Valid();
            foreach (var edit in edits)
            {
                shape = edit(shape);
            }

            return shape.ToPayload();
        });

    private static Gen<Func<PayloadShape, PayloadShape>> FieldEdit()
    {
        var text = Gen.Frequency((3, HostileStrings.Any), (1, Gen.Const((string)null!)));
        // Sizes are small or right at the 64 KiB limit: content in between costs time and tests nothing more.
        var size = Gen.Frequency((9, Gen.Int[0, 200]), (1, Gen.Int[(64 * 1024) - 4, (64 * 1024) + 4]));
        var config = Gen.Select(Gen.OneOf(Paths), size, Gen.Int[0, 3], (path, size, checksumKind) =>
        {
            var content = new byte[size];
            var checksum = checksumKind switch
            {
                0 => Sha256Checksum.Compute(content),
                1 => Sha256Checksum.Compute(new byte[] { 1 }),
                2 => "md5:" + new string('a', 32),
                _ => Sha256Checksum.Compute(content).ToUpperInvariant(),
            };
            return new ConfigFile { Path = path, Content = content, Checksum = checksum };
        });
        return Gen.OneOf<Func<PayloadShape, PayloadShape>>(
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { UpgradeId = v }),
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { BinaryName = v }),
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { SourceVersion = v }),
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { TargetVersion = v }),
            Gen.Frequency((1, text), (2, Url)).Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { ArtifactUrl = v }),
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { ArtifactChecksum = v }),
            text.Select<string, Func<PayloadShape, PayloadShape>>(v => s => s with { RevertsUpgradeId = v }),
            Gen.OneOf(Paths).Array[0, 3].Select<string[], Func<PayloadShape, PayloadShape>>(v => s => s with { RevertConfigPaths = v }),
            config.Array[0, 10].Select<ConfigFile[], Func<PayloadShape, PayloadShape>>(v => s => s with { ConfigFiles = v }),
            Gen.Const<Func<PayloadShape, PayloadShape>>(s => s with { ConfigFiles = null }),
            Gen.Const<Func<PayloadShape, PayloadShape>>(s => s with { ConfigFiles = [null!] }),
            Gen.Const<Func<PayloadShape, PayloadShape>>(s => s with { RevertConfigPaths = null }),
            Gen.Int[-3, 6].Select<int, Func<PayloadShape, PayloadShape>>(v => s => s with { MigrationType = (MigrationType)v }));
    }

    private static Gen<(int Kind, int Pick, string Text)> JsonEdit() =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], HostileStrings.Any, (kind, pick, text) => (kind, pick, text));

    private static byte[] ApplyJson(UpgradePayload payload, (int Kind, int Pick, string Text)[] edits)
    {
        var json = JsonSerializer.Serialize(payload);
        var root = JsonNode.Parse(json)!.AsObject();
        var suffix = new StringBuilder();
        foreach (var (kind, pick, text) in edits)
        {
            var keys = root.Select(p => p.Key).ToList();
            var key = keys.Count == 0 ? "upgrade_id" : keys[pick % keys.Count];
            switch (kind)
            {
                case 0: root.Remove(key); break;
                case 1: root[key] = pick % 2 == 0 ? JsonValue.Create(pick) : new JsonArray(JsonValue.Create(text)); break;
                case 2: root[key] = new JsonObject { ["x"] = text }; break;
                case 3: root[key] = null; break;
                case 4: root[text] = text; break;
                case 5: root[key] = JsonValue.Create(text); break;

                // A duplicate key: System.Text.Json keeps the last one, a smuggling attempt keeps the first valid.
                default: suffix.Append(", ").Append(JsonSerializer.Serialize(key)).Append(": ").Append(JsonSerializer.Serialize(text)); break;
            }
        }

        var body = root.ToJsonString();
        return Encoding.UTF8.GetBytes(suffix.Length == 0 ? body : body[..^1] + (root.Count == 0 ? suffix.ToString()[1..] : suffix.ToString()) + "}");
    }
}
