using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Upgrade;
using Upgrade.Orchestration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the rollout control plane.</summary>
public static class UpgradeOrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RolloutService"/>, <see cref="RolloutGroupService"/> and <see cref="RolloutEngine"/> with the SQLite store (which also keeps rollout groups), the file manifest
    /// reader and validated options. The host registers <see cref="IAgentTransport"/>, <see cref="INodeInventory"/> and
    /// <see cref="IHealthSource"/>, and optionally <see cref="IChainCatalog"/>, <see cref="IConfigTemplateSource"/>,
    /// <see cref="IConfigVariableSource"/>, <see cref="IRolloutEventSink"/>, <see cref="IIncidentSink"/> and
    /// <see cref="IMaintenanceRegistry"/> (an <see cref="InMemoryMaintenanceRegistry"/> by default). Calling it again registers nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder to choose the store and transport.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IUpgradeOrchestrationBuilder AddUpgradeOrchestration(this IServiceCollection services, Action<UpgradeOrchestrationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        // The validate-on-start registration is not idempotent by itself; the service registrations below mark a second call.
        if (services.Any(d => d.ServiceType == typeof(RolloutService)))
        {
            return new UpgradeOrchestrationBuilder(services);
        }

        services.AddOptionsWithValidateOnStart<UpgradeOrchestrationOptions, UpgradeOrchestrationOptionsValidator>();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpgradeOrchestrationOptions>, UpgradeOrchestrationOptionsCustomValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRolloutEventSink>(NullRolloutEventSink.Instance);
        services.TryAddSingleton<IIncidentSink>(NullIncidentSink.Instance);
        services.TryAddSingleton<IMaintenanceRegistry>(sp => new InMemoryMaintenanceRegistry(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRolloutStore>(sp => new SqliteRolloutStore(sp.GetRequiredService<IOptions<UpgradeOrchestrationOptions>>().Value.DatabasePath));
        services.TryAddSingleton<IManifestReader>(sp =>
        {
            var monitor = sp.GetRequiredService<IOptionsMonitor<UpgradeOrchestrationOptions>>();
            return new FileManifestReader(
                () => monitor.CurrentValue.ConfigDirectory ?? throw new InvalidOperationException("UpgradeOrchestrationOptions.ConfigDirectory is not set; auto-mode rollouts need it."),
                monitor.CurrentValue.MaxManifestBytes);
        });
        services.TryAddSingleton(sp => new RolloutMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IRolloutStore>();
            return new RolloutService(store, CreatorOf(sp, store), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IRolloutStore>();
            var groups = sp.GetService<IRolloutGroupStore>() ?? store as IRolloutGroupStore
                ?? throw new InvalidOperationException($"Rollout groups need an {nameof(IRolloutGroupStore)}; the registered rollout store ({store.GetType().Name}) is not one and none is registered.");
            return new RolloutGroupService(groups, store, CreatorOf(sp, store), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new RolloutEngine(
            sp.GetRequiredService<IRolloutStore>(),
            sp.GetRequiredService<IAgentTransport>(),
            sp.GetRequiredService<INodeInventory>(),
            sp.GetRequiredService<IHealthSource>(),
            sp.GetService<IRolloutEventSink>(),
            sp.GetRequiredService<RolloutMetrics>(),
            sp.GetRequiredService<IOptions<UpgradeOrchestrationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<RolloutEngine>(),
            sp.GetService<IIncidentSink>(),
            sp.GetService<IMaintenanceRegistry>(),
            sp.GetService<IRolloutGroupStore>(),
            CreatorOf(sp, sp.GetRequiredService<IRolloutStore>())));
        services.TryAddSingleton(sp => new MaintenanceCleanup(
            sp.GetRequiredService<IMaintenanceRegistry>(),
            sp.GetRequiredService<IRolloutStore>(),
            sp.GetService<IRolloutEventSink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<MaintenanceCleanup>()));
        return new UpgradeOrchestrationBuilder(services);
    }

    private static RolloutCreator CreatorOf(IServiceProvider sp, IRolloutStore store) => new(
        store,
        sp.GetService<IManifestReader>(),
        sp.GetService<IChainCatalog>(),
        sp.GetService<IConfigTemplateSource>(),
        sp.GetService<IConfigVariableSource>(),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetService<IRolloutGroupStore>() ?? store as IRolloutGroupStore);
}
