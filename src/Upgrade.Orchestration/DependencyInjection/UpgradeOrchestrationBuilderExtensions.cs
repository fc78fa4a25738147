using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>Chooses the store and the agent transport of the orchestration services.</summary>
public static class UpgradeOrchestrationBuilderExtensions
{
    /// <summary>Keeps rollouts in process memory (tests, or hosts that need no durability).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IUpgradeOrchestrationBuilder UseInMemoryStore(this IUpgradeOrchestrationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRolloutStore, InMemoryRolloutStore>());
        return builder;
    }

    /// <summary>Keeps rollouts in a SQLite file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="databasePath">The database file.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is blank.</exception>
    public static IUpgradeOrchestrationBuilder UseSqliteStore(this IUpgradeOrchestrationBuilder builder, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRolloutStore>(_ => new SqliteRolloutStore(databasePath)));
        return builder;
    }

    /// <summary>Reaches agents in the same process through <see cref="InProcessAgentTransport"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="agents">The agent of each node id.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IUpgradeOrchestrationBuilder UseInProcessAgents(this IUpgradeOrchestrationBuilder builder, IReadOnlyDictionary<string, IUpgradeAgent> agents)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agents);
        builder.Services.Replace(ServiceDescriptor.Singleton<IAgentTransport>(new InProcessAgentTransport(agents)));
        return builder;
    }

    /// <summary>
    /// Adds a hosted worker that drives every active rollout: it resumes rollouts after a restart and continues them after
    /// start, resume, approve_canary, retry and rollback signals, polling every
    /// <see cref="UpgradeOrchestrationOptions.WorkerPollInterval"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IUpgradeOrchestrationBuilder AddRolloutWorker(this IUpgradeOrchestrationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // TryAddEnumerable, not AddHostedService: a second call must not add a second worker driving the same rollouts.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RolloutWorker>(sp => new RolloutWorker(
            sp.GetRequiredService<RolloutEngine>(),
            sp.GetRequiredService<IOptions<UpgradeOrchestrationOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RolloutWorker>>())));
        return builder;
    }

    /// <summary>
    /// Adds a hosted worker that runs <see cref="MaintenanceCleanup.RunOnceAsync"/> periodically: it clears nodes left in
    /// maintenance by an upgrade that ended (or an engine that stopped) without taking them out.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="interval">How often to run; 30 minutes when <see langword="null"/>. Validated at startup (1 s to 1 day).</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IUpgradeOrchestrationBuilder AddMaintenanceCleanup(this IUpgradeOrchestrationBuilder builder, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (interval is { } value)
        {
            builder.Services.Configure<MaintenanceCleanupOptions>(o => o.Interval = value);
        }

        if (builder.Services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType == typeof(MaintenanceCleanupWorker)))
        {
            return builder;
        }

        builder.Services.AddOptionsWithValidateOnStart<MaintenanceCleanupOptions, MaintenanceCleanupOptionsValidator>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MaintenanceCleanupWorker>(sp => new MaintenanceCleanupWorker(
            sp.GetRequiredService<MaintenanceCleanup>(),
            sp.GetRequiredService<IOptions<MaintenanceCleanupOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<MaintenanceCleanupWorker>>())));
        return builder;
    }
}
