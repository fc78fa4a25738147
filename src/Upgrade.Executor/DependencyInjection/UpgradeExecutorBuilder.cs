using Microsoft.Extensions.DependencyInjection;

namespace Upgrade.Executor;

internal sealed record UpgradeExecutorBuilder(IServiceCollection Services) : IUpgradeExecutorBuilder;
