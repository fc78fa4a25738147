using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Demo;

/// <summary>The runtime type of each chain, from configuration (and the demo fleet's chain when it runs).</summary>
internal sealed class ConfiguredChainCatalog(IReadOnlyDictionary<string, string> chains) : IChainCatalog
{
    public Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken) =>
        Task.FromResult(chains.TryGetValue(chainProfileId, out var runtime) ? runtime : null);
}
