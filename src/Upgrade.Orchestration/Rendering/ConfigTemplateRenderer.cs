using System.Text;
using System.Text.RegularExpressions;

namespace Upgrade.Orchestration;

/// <summary>
/// Renders <c>{{ name }}</c> placeholders. A variable that is not defined is an error naming it; it never renders as
/// an empty string. Text outside placeholders is copied as is.
/// </summary>
internal static partial class ConfigTemplateRenderer
{
    public static string Render(string template, IReadOnlyDictionary<string, string> variables, out IReadOnlyList<string> missing)
    {
        var notFound = new List<string>();
        var result = Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            if (!notFound.Contains(name, StringComparer.Ordinal))
            {
                notFound.Add(name);
            }

            return match.Value;
        });
        var unbalanced = result.Contains("{{", StringComparison.Ordinal) && notFound.Count == 0;
        if (unbalanced)
        {
            notFound.Add("{{ (unterminated or malformed placeholder)");
        }

        missing = notFound;
        return result;
    }

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

            var content = Render(template, variables, out var missing);
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
