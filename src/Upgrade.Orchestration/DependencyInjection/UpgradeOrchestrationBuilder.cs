using Microsoft.Extensions.DependencyInjection;

namespace Upgrade.Orchestration;

/// <summary>The builder returned by <c>AddUpgradeOrchestration</c>.</summary>
/// <param name="Services">The service collection.</param>
internal sealed record UpgradeOrchestrationBuilder(IServiceCollection Services) : IUpgradeOrchestrationBuilder;
