using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Upgrade;
using Upgrade.Executor;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Upgrade SDK's executor.</summary>
public static class UpgradeExecutorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="UpgradeExecutor"/> with validated options. Safe to call more than once: later calls only
    /// add configuration. Stores and runtimes are added through the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the executor's options.</param>
    /// <returns>A builder to add stores, runtime adapters and the agent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IUpgradeExecutorBuilder AddUpgradeExecutor(this IServiceCollection services, Action<UpgradeExecutorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<UpgradeExecutorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpgradeExecutorOptions>, UpgradeExecutorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new UpgradeExecutor(
            sp.GetService<ICompletedUpgradeStore>() ?? throw MissingStore(nameof(ICompletedUpgradeStore)),
            sp.GetService<ICheckpointStore>() ?? throw MissingStore(nameof(ICheckpointStore)),
            sp.GetRequiredService<IOptions<UpgradeExecutorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return new UpgradeExecutorBuilder(services);
    }

    private static InvalidOperationException MissingStore(string store)
        => new($"No {store} is registered. Call UseFileStores(directory) on the executor builder for a node agent, or UseInMemoryStores() for tests.");
}
