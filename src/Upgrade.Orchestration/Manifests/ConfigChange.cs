namespace Upgrade.Orchestration;

/// <summary>One entry of <c>config_changes</c>: a config file rendered from a template with variable overrides.</summary>
public sealed record ConfigChange
{
    /// <summary>Gets the absolute path of the file on the node (<c>path</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Gets the template name (<c>template</c>), resolved by <see cref="IConfigTemplateSource"/>.</summary>
    public required string Template { get; init; }

    /// <summary>Gets the variables that override the chain's template variables (<c>overrides</c>).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
