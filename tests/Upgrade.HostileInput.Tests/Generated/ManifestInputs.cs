using System.Text;
using CsCheck;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Generated manifest files: mutations of the valid manifest as a YAML tree (dropped, duplicated, retyped and renamed
/// keys, hostile strings, deep nesting, anchors, aliases and tags, block or flow style), byte-level mutations of its
/// text, and raw garbage (random bytes, YAML punctuation soup, alias bombs, deep brackets, files around the size limit).
/// </summary>
internal static class ManifestInputs
{
    public static readonly Gen<byte[]> Any = Gen.Frequency(
        (5, Structured()),
        (2, TextMutations()),
        (1, Gen.Byte.Array[0, 2_000]),
        (1, Gen.String[Gen.Char[":-[]{}&*!|>'\"#%@`,? \n\t\\abcxyz019"], 0, 400].Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.Select(Gen.Int[1, 12], Gen.Int[2, 12], (levels, fanOut) => Encoding.UTF8.GetBytes(AliasBomb(levels, fanOut)))),
        (1, Gen.Select(Gen.Int[1, 5_000], Gen.Bool, (depth, flow) => Encoding.UTF8.GetBytes(Deep(depth, flow)))),
        (1, Gen.Int[30_000, 36_000].Select(size => Encoding.UTF8.GetBytes(HostileWorld.ValidManifest + "#" + new string('x', size)))));

    private static Gen<byte[]> Structured() =>
        Gen.Select(Mutation().Array[0, 6], Gen.Bool, (mutations, flow) =>
        {
            var tree = Base();
            foreach (var mutation in mutations)
            {
                mutation.Apply(tree);
            }

            var builder = new StringBuilder();
            Render(tree, builder, indent: 0, flow);
            return Encoding.UTF8.GetBytes(builder.ToString());
        });

    private static Gen<byte[]> TextMutations() =>
        Gen.Select(Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, (kind, at, value) => (kind, at, value)).Array[1, 8], edits =>
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(HostileWorld.ValidManifest));
            foreach (var (kind, at, value) in edits)
            {
                var position = bytes.Count == 0 ? 0 : at % bytes.Count;
                switch (kind)
                {
                    case 0 when bytes.Count > 0: bytes[position] = value; break;
                    case 1: bytes.Insert(position, value); break;
                    case 2 when bytes.Count > 0: bytes.RemoveAt(position); break;
                    case 3: bytes.RemoveRange(position, bytes.Count - position); break;
                }
            }

            return bytes.ToArray();
        });

    private static Gen<Edit> Mutation() =>
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Int[1, 40], HostileStrings.Any, (kind, pick, depth, text) => new Edit(kind, pick, depth, text));

    private static Map Base() => new()
    {
        Entries =
        {
            ("upgrade_id", new Scalar("u-1")), ("chain_profile_id", new Scalar("chain-a")), ("node_type", new Scalar("full")),
            ("binary_name", new Scalar("app")), ("target_version", new Scalar("v2")), ("target_url", new Scalar("https://artifacts.example/app-v2")),
            ("target_checksum", new Scalar("sha256:" + new string('a', 64))),
            ("state_compatibility", new Map { Entries = { ("migration_type", new Scalar("compatible")), ("notes", new Scalar("State format unchanged")) } }),
            ("config_changes", new Seq
            {
                Items =
                {
                    new Map
                    {
                        Entries =
                        {
                            ("path", new Scalar("/etc/app/app.conf")), ("template", new Scalar("app.conf.tmpl")),
                            ("overrides", new Map { Entries = { ("max_peers", new Scalar("100")) } }),
                        },
                    },
                },
            }),
        },
    };

    private static string AliasBomb(int levels, int fanOut)
    {
        var builder = new StringBuilder("a0: &a0 [lol, lol]\n");
        for (var i = 1; i <= levels; i++)
        {
            builder.Append('a').Append(i).Append(": &a").Append(i).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", fanOut)).Append("]\n");
        }

        return builder.ToString();
    }

    private static string Deep(int depth, bool flow) => flow
        ? "x: " + new string('[', depth) + new string(']', depth) + "\n"
        : string.Concat(Enumerable.Range(0, Math.Min(depth, 200)).Select(i => new string(' ', i) + "k:\n")) + "v\n";

    private static void Render(Node node, StringBuilder builder, int indent, bool flow)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case Scalar scalar:
                builder.Append(scalar.Prefix).Append(Quote(scalar.Value));
                break;
            case Map map when flow || map.Entries.Count == 0:
                builder.Append(map.Prefix).Append('{');
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append(Quote(map.Entries[i].Key)).Append(": ");
                    Render(map.Entries[i].Value, builder, indent, flow);
                }

                builder.Append('}');
                break;
            case Map map:
                builder.Append(map.Prefix);
                foreach (var (key, value) in map.Entries)
                {
                    builder.Append('\n').Append(pad).Append(Quote(key)).Append(": ");
                    Render(value, builder, indent + 2, flow);
                }

                break;
            case Seq seq when flow || seq.Items.Count == 0:
                builder.Append(seq.Prefix).Append('[');
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Render(seq.Items[i], builder, indent, flow);
                }

                builder.Append(']');
                break;
            case Seq seq:
                builder.Append(seq.Prefix);
                foreach (var item in seq.Items)
                {
                    builder.Append('\n').Append(pad).Append("- ");
                    Render(item, builder, indent + 2, flow: true);
                }

                break;
        }
    }

    // Plain when it is safe-looking, else double-quoted with JSON-style escapes (valid YAML); odd inputs stay odd.
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':')
            && !value.Contains(": ", StringComparison.Ordinal) && !value.EndsWith(':')
            ? value
            : System.Text.Json.JsonSerializer.Serialize(value);

    private abstract class Node
    {
        public string Prefix { get; set; } = string.Empty;
    }

    private sealed class Scalar(string value) : Node
    {
        public string Value { get; set; } = value;
    }

    private sealed class Map : Node
    {
        public List<(string Key, Node Value)> Entries { get; } = [];
    }

    private sealed class Seq : Node
    {
        public List<Node> Items { get; } = [];
    }

    private sealed record Edit(int Kind, int Pick, int Depth, string Text)
    {
        public void Apply(Map root)
        {
            var maps = new List<Map>();
            var all = new List<Node>();
            Collect(root, maps, all);
            var map = maps[Pick % maps.Count];
            var node = all[Pick % all.Count];
            var index = map.Entries.Count == 0 ? -1 : Pick % map.Entries.Count;
            switch (Kind)
            {
                case 0 when index >= 0: map.Entries.RemoveAt(index); break;
                case 1 when index >= 0: map.Entries.Add(map.Entries[index]); break;
                case 2 when index >= 0: map.Entries[index] = (map.Entries[index].Key, Retype(map.Entries[index].Value)); break;
                case 3 when node is Scalar scalar: scalar.Value = Text; break;
                case 4 when index >= 0: map.Entries[index] = (map.Entries[index].Key, Nest(map.Entries[index].Value)); break;
                case 5: node.Prefix = (Pick % 3) switch { 0 => "&x ", 1 => "!!str ", _ => "!custom " }; break;
                case 6 when index >= 0: map.Entries[index] = (map.Entries[index].Key, new Scalar("x") { Prefix = "*" }); break;
                case 7: map.Entries.Add((Text, new Scalar(Text))); break;
                case 8 when index >= 0: map.Entries[index] = (Rename(map.Entries[index].Key), map.Entries[index].Value); break;
                case 9 when index >= 0: map.Entries[index] = (map.Entries[index].Key, new Scalar(Text + Text + Text)); break;
            }
        }

        private Node Retype(Node value) => value switch
        {
            Scalar scalar => Pick % 2 == 0 ? new Seq { Items = { scalar } } : new Map { Entries = { (scalar.Value, scalar) } },
            Map map => new Scalar(Text) { Prefix = map.Prefix },
            Seq => new Map(),
            _ => value,
        };

        private Node Nest(Node value)
        {
            for (var i = 0; i < Depth; i++)
            {
                value = i % 2 == 0 ? new Seq { Items = { value } } : new Map { Entries = { ("k", value) } };
            }

            return value;
        }

        private string Rename(string key) => (Pick % 4) switch
        {
            0 => key.ToUpperInvariant(),
            1 => key + " ",
            2 => key.Replace('i', '\u0456'),
            _ => key + Text,
        };

        private static void Collect(Node node, List<Map> maps, List<Node> all)
        {
            all.Add(node);
            switch (node)
            {
                case Map map:
                    maps.Add(map);
                    foreach (var (_, value) in map.Entries)
                    {
                        Collect(value, maps, all);
                    }

                    break;
                case Seq seq:
                    foreach (var item in seq.Items)
                    {
                        Collect(item, maps, all);
                    }

                    break;
            }
        }
    }
}
