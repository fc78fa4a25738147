using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Upgrade.Executor;

/// <summary>Adds stores, runtime adapters and the agent to an <see cref="IUpgradeExecutorBuilder"/>.</summary>
public static class UpgradeExecutorBuilderExtensions
{
    /// <summary>Uses the durable file stores, in <c>{directory}/completed</c> and <c>{directory}/checkpoints</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The agent's state directory.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or not absolute.</exception>
    public static IUpgradeExecutorBuilder UseFileStores(this IUpgradeExecutorBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Path.IsPathFullyQualified(directory))
        {
            throw new ArgumentException($"The state directory '{directory}' must be an absolute path.", nameof(directory));
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<ICompletedUpgradeStore>(_ => new FileCompletedUpgradeStore(Path.Combine(directory, "completed"))));
        builder.Services.Replace(ServiceDescriptor.Singleton<ICheckpointStore>(_ => new FileCheckpointStore(Path.Combine(directory, "checkpoints"))));
        return builder;
    }

    /// <summary>Uses in-memory stores. Nothing survives a restart: for tests and demos only.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    public static IUpgradeExecutorBuilder UseInMemoryStores(this IUpgradeExecutorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICompletedUpgradeStore, InMemoryCompletedUpgradeStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ICheckpointStore, InMemoryCheckpointStore>());
        return builder;
    }

    /// <summary>
    /// Registers a runtime adapter under a runtime type, as a keyed <see cref="IRuntimeAdapter"/>. Adapter packages
    /// call this from their own extension (for example <c>AddSystemdRuntime</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="runtimeType">The runtime type, matched against <see cref="UpgradeAgentOptions.RuntimeType"/>.</param>
    /// <param name="factory">Creates the adapter.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    public static IUpgradeExecutorBuilder AddRuntime(this IUpgradeExecutorBuilder builder, string runtimeType, Func<IServiceProvider, IRuntimeAdapter> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeType);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.TryAddKeyedSingleton(runtimeType, (sp, _) => factory(sp));
        return builder;
    }

    /// <summary>
    /// Registers the node's <see cref="IUpgradeAgent"/>: it picks the runtime adapter registered under
    /// <see cref="UpgradeAgentOptions.RuntimeType"/>. Options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the agent's options.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    public static IUpgradeExecutorBuilder AddAgent(this IUpgradeExecutorBuilder builder, Action<UpgradeAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptionsWithValidateOnStart<UpgradeAgentOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpgradeAgentOptions>, UpgradeAgentOptionsValidator>());
        builder.Services.TryAddSingleton<IUpgradeAgent>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<UpgradeAgentOptions>>().Value;
            var runtime = sp.GetKeyedService<IRuntimeAdapter>(options.RuntimeType)
                ?? throw new InvalidOperationException($"No runtime adapter is registered for the runtime type '{options.RuntimeType}' (UpgradeAgentOptions.RuntimeType). Register one, for example with AddSystemdRuntime or AddDockerRuntime.");
            return new UpgradeAgent(
                sp.GetRequiredService<UpgradeExecutor>(),
                runtime,
                sp.GetRequiredService<ICompletedUpgradeStore>(),
                options,
                sp.GetService<ILoggerFactory>());
        });
        return builder;
    }
}
