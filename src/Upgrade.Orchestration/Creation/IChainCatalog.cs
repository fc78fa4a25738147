namespace Upgrade.Orchestration;

/// <summary>Knows the chains: here, the runtime type that decides the Docker-only creation rules.</summary>
public interface IChainCatalog
{
    /// <summary>Returns the runtime type of a chain (<see cref="RuntimeTypes"/>).</summary>
    /// <param name="chainProfileId">The chain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runtime type, or <see langword="null"/> when the chain is unknown.</returns>
    Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken);
}
