using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>The quick start's only chain, and the runtime its nodes use.</summary>
internal sealed class SingleChainCatalog(string chainProfileId, string runtimeType) : IChainCatalog
{
    public Task<string?> GetRuntimeTypeAsync(string chainProfileId1, CancellationToken cancellationToken)
        => Task.FromResult(string.Equals(chainProfileId1, chainProfileId, StringComparison.Ordinal) ? runtimeType : null);
}
