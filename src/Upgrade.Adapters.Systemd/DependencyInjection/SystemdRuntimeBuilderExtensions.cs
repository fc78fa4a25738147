using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Upgrade;
using Upgrade.Adapters.Systemd;
using Upgrade.Executor;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the systemd runtime adapter to an <see cref="IUpgradeExecutorBuilder"/>.</summary>
public static class SystemdRuntimeBuilderExtensions
{
    /// <summary>
    /// Registers the systemd runtime adapter as the keyed <see cref="IRuntimeAdapter"/> of
    /// <see cref="RuntimeTypes.Systemd"/>. Its options are validated when the host starts.
    /// <para/>
    /// Safe to call more than once: later calls only add configuration, and the adapter is registered once.
    /// </summary>
    /// <param name="builder">The executor builder.</param>
    /// <param name="configure">Configures the adapter: the unit, how to reach systemctl, the allowed configuration roots.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IUpgradeExecutorBuilder AddSystemdRuntime(this IUpgradeExecutorBuilder builder, Action<SystemdRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services
            .AddOptionsWithValidateOnStart<SystemdRuntimeOptions, SystemdRuntimeOptionsValidator>()
            .Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SystemdRuntimeOptions>, SystemdRuntimeOptionsCustomValidator>());
        return builder.AddRuntime(RuntimeTypes.Systemd, static services => new SystemdRuntimeAdapter(
            services.GetRequiredService<IOptions<SystemdRuntimeOptions>>().Value,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>()));
    }
}
