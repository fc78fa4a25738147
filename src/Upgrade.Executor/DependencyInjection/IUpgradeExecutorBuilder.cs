using Microsoft.Extensions.DependencyInjection;

namespace Upgrade.Executor;

/// <summary>Configures the executor of a node agent: its stores, runtime adapters and agent options.</summary>
public interface IUpgradeExecutorBuilder
{
    /// <summary>Gets the service collection the executor is registered in.</summary>
    IServiceCollection Services { get; }
}
