using System.Text;
using System.Text.RegularExpressions;

namespace Upgrade.Orchestration;

/// <summary>
/// Renders <c>{{ name }}</c> placeholders. A variable that is not defined is an error naming it; it never renders as
/// an empty string. Text outside placeholders is copied as is.
/// </summary>
/// <remarks>
/// Rendering has two stages. At creation, chain variables and the manifest's overrides are rendered, and node variables
/// (<c>{{ node.name }}</c>) are left in place. When the rollout resolves its targets it captures each node's values
/// from the inventory, and each node's payload is rendered from the stored content and those captured values.
/// </remarks>
internal static partial class ConfigTemplateRenderer
{
    /// <summary>The prefix of node variables in templates.</summary>
    public const string NodePrefix = "node.";

    /// <summary>The shared empty variable set.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoVariables = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    public static string Render(string template, IReadOnlyDictionary<string, string> variables, out IReadOnlyList<string> missing, bool deferNodeVariables = false)
    {
        var notFound = new List<string>();
        var result = Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            if (!(deferNodeVariables && IsNodeVariable(name)) && !notFound.Contains(name, StringComparer.Ordinal))
            {
                notFound.Add(name);
            }

            return match.Value;
        });

        // Deferred node placeholders are well-formed; any other "{{" left over is not.
        var rest = deferNodeVariables ? Placeholder().Replace(result, m => IsNodeVariable(m.Groups["name"].Value) ? string.Empty : m.Value) : result;
        var unbalanced = rest.Contains("{{", StringComparison.Ordinal) && notFound.Count == 0;
        if (unbalanced)
        {
            notFound.Add("{{ (unterminated or malformed placeholder)");
        }

        missing = notFound;
        return result;
    }

    /// <summary>Returns the node variables (names without <see cref="NodePrefix"/>) that the files' content still uses.</summary>
    public static IReadOnlySet<string> NodeVariablesUsedBy(IReadOnlyList<ConfigFile> files)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match match in Placeholder().Matches(Encoding.UTF8.GetString(file.Content.Span)))
            {
                var name = match.Groups["name"].Value;
                if (IsNodeVariable(name))
                {
                    names.Add(name[NodePrefix.Length..]);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// Renders the node placeholders of a rollout's files with one node's captured values. Files without them are
    /// returned as they are; the result is a pure function of its inputs, so a resent upgrade carries the same content.
    /// </summary>
    /// <exception cref="InvalidOperationException">A node variable the content uses has no captured value.</exception>
    public static IReadOnlyList<ConfigFile> RenderForNode(IReadOnlyList<ConfigFile> files, IReadOnlyDictionary<string, string> nodeVariables)
    {
        if (nodeVariables.Count == 0)
        {
            return files;
        }

        var variables = nodeVariables.ToDictionary(v => NodePrefix + v.Key, v => v.Value, StringComparer.Ordinal);
        var rendered = new List<ConfigFile>(files.Count);
        foreach (var file in files)
        {
            var template = Encoding.UTF8.GetString(file.Content.Span);
            var content = Render(template, variables, out var missing, deferNodeVariables: false);
            if (missing.Any(IsNodeVariable))
            {
                throw new InvalidOperationException($"The config file '{file.Path}' uses node variables without captured values: {string.Join(", ", missing.Where(IsNodeVariable))}.");
            }

            rendered.Add(content == template ? file : ConfigFile.Create(file.Path, Encoding.UTF8.GetBytes(content)));
        }

        return rendered;
    }

    private static bool IsNodeVariable(string name) => name.StartsWith(NodePrefix, StringComparison.Ordinal) && name.Length > NodePrefix.Length;

    public static async Task<IReadOnlyList<ConfigFile>> RenderAllAsync(
        IReadOnlyList<ConfigChange> changes,
        string chainProfileId,
        string nodeType,
        IConfigTemplateSource? templates,
        IConfigVariableSource? variableSource,
        List<UpgradeValidationError> errors,
        CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        if (templates is null)
        {
            errors.Add(new UpgradeValidationError { Field = "config_changes", Rule = RolloutRules.ConfigRender, Message = "Config changes need an IConfigTemplateSource; none is registered." });
            return [];
        }

        var baseVariables = variableSource is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await variableSource.GetVariablesAsync(chainProfileId, nodeType, cancellationToken).ConfigureAwait(false);
        var files = new List<ConfigFile>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var field = $"config_changes[{i}].template";
            var template = await templates.GetTemplateAsync(chainProfileId, change.Template, cancellationToken).ConfigureAwait(false);
            if (template is null)
            {
                errors.Add(new UpgradeValidationError { Field = field, Rule = RolloutRules.ConfigRender, Message = $"Template '{change.Template}' was not found for chain '{chainProfileId}'." });
                continue;
            }

            var variables = new Dictionary<string, string>(baseVariables, StringComparer.Ordinal);
            foreach (var (name, value) in change.Overrides)
            {
                variables[name] = value;
            }

            var content = Render(template, variables, out var missing, deferNodeVariables: true);
            if (missing.Count > 0)
            {
                errors.Add(new UpgradeValidationError
                {
                    Field = field,
                    Rule = RolloutRules.ConfigRender,
                    Message = $"Template '{change.Template}' uses undefined variable{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing.Select(m => "'" + m + "'"))}.",
                });
                continue;
            }

            files.Add(ConfigFile.Create(change.Path, Encoding.UTF8.GetBytes(content)));
        }

        return files;
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z_][A-Za-z0-9_.]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
