using Microsoft.Extensions.DependencyInjection;

namespace Upgrade.Orchestration;

/// <summary>Configures the orchestration services registered by <c>AddUpgradeOrchestration</c>.</summary>
public interface IUpgradeOrchestrationBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
