namespace Upgrade.Orchestration;

/// <summary>Supplies config templates (the chain config repository's <c>*.tmpl</c> files).</summary>
public interface IConfigTemplateSource
{
    /// <summary>Reads a template.</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="templateName">The template name from <see cref="ConfigChange.Template"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The template text, or <see langword="null"/> when there is no such template.</returns>
    Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken);
}
