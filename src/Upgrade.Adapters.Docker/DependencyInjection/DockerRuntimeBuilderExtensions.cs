using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Upgrade;
using Upgrade.Adapters.Docker;
using Upgrade.Executor;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Docker runtime adapter to an <see cref="IUpgradeExecutorBuilder"/>.</summary>
public static class DockerRuntimeBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="DockerRuntimeAdapter"/> as the keyed <see cref="IRuntimeAdapter"/> for
    /// <see cref="RuntimeTypes.Docker"/>, and <see cref="IDockerBackupCleanup"/> for removing the backup container after
    /// an accepted upgrade. The options are validated when the host starts. Safe to call more than once: later calls only
    /// add configuration.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the adapter's options.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IUpgradeExecutorBuilder AddDockerRuntime(this IUpgradeExecutorBuilder builder, Action<DockerRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<DockerRuntimeOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerRuntimeOptions>, DockerRuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerRuntimeOptions>, DockerRuntimeOptionsCustomValidator>());
        services.TryAddSingleton(TimeProvider.System);
        builder.AddRuntime(RuntimeTypes.Docker, sp => new DockerRuntimeAdapter(
            sp.GetRequiredService<IOptions<DockerRuntimeOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<DockerRuntimeAdapter>() ?? NullLogger<DockerRuntimeAdapter>.Instance));
        services.TryAddSingleton<IDockerBackupCleanup>(sp =>
            sp.GetRequiredKeyedService<IRuntimeAdapter>(RuntimeTypes.Docker) as IDockerBackupCleanup
            ?? throw new InvalidOperationException(
                $"The runtime adapter registered for '{RuntimeTypes.Docker}' is not a {nameof(DockerRuntimeAdapter)}, so it has no backup container to clean up."));
        return builder;
    }
}
