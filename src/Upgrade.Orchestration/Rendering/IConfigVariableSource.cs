namespace Upgrade.Orchestration;

/// <summary>Supplies the template variables of a chain and node type (the same variables as initial configuration).</summary>
public interface IConfigVariableSource
{
    /// <summary>Reads the variables.</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="nodeType">The node type.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The variables by name.</returns>
    Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken);
}
