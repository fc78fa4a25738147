using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// One bad input of the corpus: <c>Corpus/&lt;kind&gt;/&lt;name&gt;.&lt;ext&gt;</c> and its sidecar <c>&lt;name&gt;.expect</c>, which
/// states the field and the rule the error must name (<c>field:</c>, <c>rule:</c>), why the input is bad (<c>why:</c>),
/// and optional settings such as <c>chain:</c>. A <c>.gen</c> input is a descriptor: inputs larger than 64 KiB are
/// generated at test time rather than committed.
/// </summary>
public sealed class CorpusCase
{
    public const int MaxCommittedBytes = 64 * 1024;

    private CorpusCase(string kind, string name, string inputPath, IReadOnlyDictionary<string, string> sidecar)
    {
        Kind = kind;
        Name = name;
        InputPath = inputPath;
        Sidecar = sidecar;
    }

    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public string Kind { get; }

    public string Name { get; }

    public string InputPath { get; }

    public IReadOnlyDictionary<string, string> Sidecar { get; }

    public string Field => Sidecar["field"];

    public string Rule => Sidecar["rule"];

    public bool IsGenerated => InputPath.EndsWith(".gen", StringComparison.Ordinal);

    public static IReadOnlyList<CorpusCase> All(string kind)
    {
        var directory = Path.Combine(CorpusDirectory, kind);
        return [.. Directory.EnumerateFiles(directory, "*.expect").Order(StringComparer.Ordinal).Select(sidecar => Load(kind, sidecar))];
    }

    public static CorpusCase Get(string kind, string name) => Load(kind, Path.Combine(CorpusDirectory, kind, name + ".expect"));

    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var corpusCase in All(kind))
        {
            data.Add(corpusCase.Name);
        }

        return data;
    }

    /// <summary>Reads the input, generating it from its descriptor when it is a <c>.gen</c> file.</summary>
    public byte[] ReadInput()
    {
        var bytes = File.ReadAllBytes(InputPath);
        return IsGenerated ? Generate(ParseSidecar(Encoding.UTF8.GetString(bytes))) : bytes;
    }

    public override string ToString() => $"{Kind}/{Name}";

    private static CorpusCase Load(string kind, string sidecarPath)
    {
        var name = Path.GetFileNameWithoutExtension(sidecarPath);
        var inputs = Directory.EnumerateFiles(Path.GetDirectoryName(sidecarPath)!, name + ".*")
            .Where(p => !p.EndsWith(".expect", StringComparison.Ordinal)).ToList();
        if (inputs.Count != 1)
        {
            throw new InvalidDataException($"Corpus case {kind}/{name} needs exactly one input file next to its sidecar, found {inputs.Count}.");
        }

        return new CorpusCase(kind, name, inputs[0], ParseSidecar(File.ReadAllText(sidecarPath)));
    }

    private static Dictionary<string, string> ParseSidecar(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                // Only the one space after the colon is syntax: a field may end in whitespace (a key with a trailing space).
                var value = line[(colon + 1)..];
                values[line[..colon].Trim()] = value.StartsWith(' ') ? value[1..] : value;
            }
        }

        return values;
    }

    private static byte[] Generate(Dictionary<string, string> descriptor)
    {
        var size = int.Parse(descriptor["bytes"], CultureInfo.InvariantCulture);
        var seed = descriptor.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 0;
        string Json(string key) => descriptor.TryGetValue(key, out var value) ? JsonSerializer.Deserialize<string>(value)! : string.Empty;
        switch (descriptor["generate"])
        {
            case "repeat":
            case "repeat-numbered":
            {
                var numbered = descriptor["generate"] == "repeat-numbered";
                var builder = new StringBuilder(Json("head"));
                var unit = Json("unit");
                for (var i = 0; builder.Length < size; i++)
                {
                    builder.Append(numbered ? unit.Replace("{0}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : unit);
                }

                return Encoding.UTF8.GetBytes(builder.ToString());
            }

            case "random":
            {
                var bytes = new byte[size];
                new Random(seed).NextBytes(bytes);
                return bytes;
            }

            case "zeros":
                return new byte[size];
            case "payload-config-content":
            {
                var content = new byte[size];
                new Random(seed).NextBytes(content);
                var shape = Payloads.Valid() with { ConfigFiles = [ConfigFile.Create("/etc/app/app.conf", content)] };
                return JsonSerializer.SerializeToUtf8Bytes(shape.ToPayload());
            }

            case "payload-url":
            {
                var shape = Payloads.Valid() with { ArtifactUrl = "https://artifacts.example/" + new string('a', size) };
                return JsonSerializer.SerializeToUtf8Bytes(shape.ToPayload());
            }

            default:
                throw new InvalidDataException($"Unknown generator '{descriptor["generate"]}'.");
        }
    }
}
