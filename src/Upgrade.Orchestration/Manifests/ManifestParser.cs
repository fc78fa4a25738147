using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Upgrade.Orchestration;

/// <summary>
/// A strict manifest parser over YamlDotNet's event stream: one document, mappings with scalar keys, no duplicate
/// keys, no anchors, aliases or tags, bounded depth, and only the keys of the schema. Every error names the file,
/// the line and column, and the field. At most <see cref="MaxReportedErrors"/> errors are reported; the rest are
/// counted into one final <see cref="ManifestRules.TooManyErrors"/> error, so that a file of thousands of bad keys
/// costs neither thousands of formatted messages nor a multi-megabyte exception message.
/// </summary>
internal sealed class ManifestParser
{
    /// <summary>The number of errors listed before the rest are only counted.</summary>
    internal const int MaxReportedErrors = 100;

    private const int MaxDepth = 16;
    private static readonly string[] TopLevelKeys =
        ["upgrade_id", "chain_profile_id", "node_type", "binary_name", "target_version", "target_url", "target_checksum", "state_compatibility", "config_changes"];

    private static readonly string[] StateCompatibilityKeys = ["migration_type", "notes", "recovery_plan"];
    private static readonly string[] ConfigChangeKeys = ["path", "template", "overrides"];

    private readonly string _file;
    private readonly List<UpgradeValidationError> _errors = [];
    private int _unreportedErrors;

    private ManifestParser(string file)
    {
        _file = file;
    }

    public static UpgradeManifest Parse(string text, string file, string contentHash)
    {
        var parser = new ManifestParser(file);
        var root = parser.ReadDocument(text);
        UpgradeManifest? manifest = null;
        if (root is not null)
        {
            manifest = parser.Map(root, contentHash);
        }

        if (parser._errors.Count > 0 || manifest is null)
        {
            if (parser._unreportedErrors > 0)
            {
                parser._errors.Add(new UpgradeValidationError
                {
                    Field = "$",
                    Rule = ManifestRules.TooManyErrors,
                    Message = $"{file}: {parser._unreportedErrors} more error(s) were found and not listed; only the first {MaxReportedErrors} are.",
                });
            }

            throw new UpgradeValidationException($"upgrade manifest '{file}'", parser._errors);
        }

        return manifest with { SourcePath = file };
    }

    private YamlNode? ReadDocument(string text)
    {
        // YamlDotNet lets some control characters through in scalars; YAML 1.2 allows only printable ones in a stream.
        if (FindNonPrintable(text) is { } bad)
        {
            Add("$", ManifestRules.Syntax, bad.Mark, $"The file contains the non-printable character U+{(int)bad.Character:X4}.");
            return null;
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                Add("$", ManifestRules.Syntax, new Mark(), "The file is empty.");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, "$", 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                Add("$", ManifestRules.Syntax, parser.Current?.Start ?? new Mark(), "The file has more than one YAML document.");
                return null;
            }

            return root;
        }
        catch (YamlException exception)
        {
            Add("$", ManifestRules.Syntax, exception.Start, exception.Message);
            return null;
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on some malformed plain scalars.
            Add("$", ManifestRules.Syntax, new Mark(), $"The file is not valid YAML ({exception.Message}).");
            return null;
        }
        catch (ManifestAbortException)
        {
            return null;
        }
    }

    private YamlNode ReadNode(Parser parser, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            Add(path, ManifestRules.Syntax, parser.Current?.Start ?? new Mark(), $"The document nests deeper than {MaxDepth} levels.");
            throw new ManifestAbortException();
        }

        if (parser.Accept<AnchorAlias>(out var alias))
        {
            Add(path, ManifestRules.Alias, alias.Start, $"Aliases are not allowed (*{alias.Value}).");
            throw new ManifestAbortException();
        }

        if (parser.Current is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                Add(path, ManifestRules.Alias, node.Start, $"Anchors are not allowed (&{node.Anchor}).");
                throw new ManifestAbortException();
            }

            if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
            {
                Add(path, ManifestRules.Alias, node.Start, $"Tags are not allowed ({node.Tag}).");
                throw new ManifestAbortException();
            }
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return new YamlScalar(scalar.Start, scalar.Value, scalar.Style == ScalarStyle.Plain);
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, $"{path}[{items.Count}]", depth + 1));
            }

            return new YamlSequence(sequenceStart.Start, items);
        }

        var mappingStart = parser.Consume<MappingStart>();
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, path, depth + 1);
            if (keyNode is not YamlScalar key)
            {
                Add(path, ManifestRules.Type, keyNode.Start, "Mapping keys must be scalars.");
                throw new ManifestAbortException();
            }

            var value = ReadNode(parser, Child(path, key.Value), depth + 1);
            if (!seen.Add(key.Value))
            {
                if (!CountWhenFull())
                {
                    Add(Child(path, key.Value), ManifestRules.DuplicateKey, key.Start, $"The key '{key.Value}' appears more than once.");
                }

                continue;
            }

            entries.Add(new(key, value));
        }

        return new YamlMapping(mappingStart.Start, entries);
    }

    private UpgradeManifest? Map(YamlNode root, string contentHash)
    {
        if (root is not YamlMapping map)
        {
            Add("$", ManifestRules.Type, root.Start, "The manifest must be a mapping.");
            return null;
        }

        CheckKeys(map, string.Empty, TopLevelKeys);
        var upgradeId = RequiredString(map, string.Empty, "upgrade_id");
        var chainProfileId = RequiredString(map, string.Empty, "chain_profile_id");
        var nodeType = RequiredString(map, string.Empty, "node_type");
        var binaryName = RequiredString(map, string.Empty, "binary_name");
        var targetVersion = RequiredString(map, string.Empty, "target_version");
        var targetUrl = RequiredString(map, string.Empty, "target_url");
        var targetChecksum = RequiredString(map, string.Empty, "target_checksum");
        var compatibility = new StateCompatibility();
        if (Find(map, "state_compatibility") is { } compatibilityNode && !IsNull(compatibilityNode))
        {
            if (compatibilityNode is YamlMapping compatibilityMap)
            {
                CheckKeys(compatibilityMap, "state_compatibility", StateCompatibilityKeys);
                compatibility = new StateCompatibility
                {
                    MigrationType = MigrationTypeOf(compatibilityMap),
                    Notes = OptionalString(compatibilityMap, "state_compatibility", "notes"),
                    RecoveryPlan = OptionalString(compatibilityMap, "state_compatibility", "recovery_plan"),
                };
            }
            else
            {
                Add("state_compatibility", ManifestRules.Type, compatibilityNode.Start, "Expected a mapping.");
            }
        }

        var changes = new List<ConfigChange>();
        if (Find(map, "config_changes") is { } changesNode && !IsNull(changesNode))
        {
            if (changesNode is YamlSequence sequence)
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (ConfigChangeOf(sequence.Items[i], $"config_changes[{i}]") is { } change)
                    {
                        changes.Add(change);
                    }
                }
            }
            else
            {
                Add("config_changes", ManifestRules.Type, changesNode.Start, "Expected a sequence.");
            }
        }

        if (upgradeId is null || chainProfileId is null || nodeType is null || binaryName is null
            || targetVersion is null || targetUrl is null || targetChecksum is null)
        {
            return null;
        }

        return new UpgradeManifest
        {
            UpgradeId = upgradeId,
            ChainProfileId = chainProfileId,
            NodeType = nodeType,
            BinaryName = binaryName,
            TargetVersion = targetVersion,
            TargetUrl = targetUrl,
            TargetChecksum = targetChecksum,
            StateCompatibility = compatibility,
            ConfigChanges = changes,
            ContentHash = contentHash,
        };
    }

    private MigrationType MigrationTypeOf(YamlMapping map)
    {
        var value = OptionalString(map, "state_compatibility", "migration_type");
        switch (value)
        {
            case null or "none":
                return MigrationType.None;
            case "compatible":
                return MigrationType.Compatible;
            case "breaking":
                return MigrationType.Breaking;
            default:
                Add("state_compatibility.migration_type", ManifestRules.Value, Find(map, "migration_type")!.Start, $"'{value}' is not one of none, compatible, breaking.");
                return MigrationType.None;
        }
    }

    private ConfigChange? ConfigChangeOf(YamlNode node, string path)
    {
        if (node is not YamlMapping map)
        {
            Add(path, ManifestRules.Type, node.Start, "Expected a mapping.");
            return null;
        }

        CheckKeys(map, path, ConfigChangeKeys);
        var filePath = RequiredString(map, path, "path");
        var template = RequiredString(map, path, "template");
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Find(map, "overrides") is { } overridesNode && !IsNull(overridesNode))
        {
            if (overridesNode is YamlMapping overridesMap)
            {
                foreach (var (key, value) in overridesMap.Entries)
                {
                    if (value is YamlScalar scalar)
                    {
                        overrides[key.Value] = scalar.Value;
                    }
                    else
                    {
                        Add(Child(path + ".overrides", key.Value), ManifestRules.Type, value.Start, "Expected a scalar.");
                    }
                }
            }
            else
            {
                Add(path + ".overrides", ManifestRules.Type, overridesNode.Start, "Expected a mapping.");
            }
        }

        if (filePath is not null && !filePath.StartsWith('/'))
        {
            Add(path + ".path", ManifestRules.Value, Find(map, "path")!.Start, $"'{filePath}' is not an absolute path.");
        }

        return filePath is null || template is null ? null : new ConfigChange { Path = filePath, Template = template, Overrides = overrides };
    }

    private void CheckKeys(YamlMapping map, string path, string[] allowed)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!allowed.Contains(key.Value, StringComparer.Ordinal) && !CountWhenFull())
            {
                Add(Child(path, key.Value), ManifestRules.UnknownKey, key.Start, $"Unknown key '{key.Value}'; allowed keys: {string.Join(", ", allowed)}.");
            }
        }
    }

    private string? RequiredString(YamlMapping map, string path, string key)
    {
        var node = Find(map, key);
        if (node is null || IsNull(node))
        {
            Add(Child(path, key), ManifestRules.Required, node?.Start ?? map.Start, $"The field '{key}' is required.");
            return null;
        }

        return OptionalString(map, path, key);
    }

    private string? OptionalString(YamlMapping map, string path, string key)
    {
        var node = Find(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Add(Child(path, key), ManifestRules.Type, node.Start, "Expected a string.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Add(Child(path, key), ManifestRules.Required, node.Start, $"The field '{key}' is empty.");
            return null;
        }

        return scalar.Value;
    }

    private static (char Character, Mark Mark)? FindNonPrintable(string text)
    {
        long line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var printable = c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00a0' and <= '\ufffd');
            if (!printable)
            {
                return (c, new Mark(i, line, column));
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return null;
    }

    private static YamlNode? Find(YamlMapping map, string key) =>
        map.Entries.FirstOrDefault(e => string.Equals(e.Key.Value, key, StringComparison.Ordinal)).Value;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalar { IsPlain: true } scalar && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private static string Child(string path, string key) => path.Length == 0 || path == "$" ? key : path + "." + key;

    /// <summary>Counts an error without formatting it once the list is full; the keys that repeat by the thousand call it first.</summary>
    private bool CountWhenFull()
    {
        if (_errors.Count < MaxReportedErrors)
        {
            return false;
        }

        _unreportedErrors++;
        return true;
    }

    private void Add(string field, string rule, Mark mark, string message)
    {
        if (CountWhenFull())
        {
            return;
        }

        _errors.Add(new UpgradeValidationError { Field = field, Rule = rule, Message = $"{_file}:{mark.Line}:{mark.Column}: {message}" });
    }

    private abstract record YamlNode(Mark Start);

    private sealed record YamlScalar(Mark Start, string Value, bool IsPlain) : YamlNode(Start);

    private sealed record YamlSequence(Mark Start, IReadOnlyList<YamlNode> Items) : YamlNode(Start);

    private sealed record YamlMapping(Mark Start, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Start);

    private sealed class ManifestAbortException : Exception
    {
    }
}
