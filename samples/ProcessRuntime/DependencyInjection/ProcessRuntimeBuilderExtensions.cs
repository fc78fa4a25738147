using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Upgrade;
using Upgrade.Executor;
using Upgrade.Samples.ProcessRuntime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the process runtime adapter to an <see cref="IUpgradeExecutorBuilder"/>.</summary>
public static class ProcessRuntimeBuilderExtensions
{
    /// <summary>
    /// Registers the process runtime adapter as the keyed <see cref="IRuntimeAdapter"/> of
    /// <see cref="ProcessRuntimeAdapter.RuntimeType"/> (<c>process</c>). Its options are validated when the host starts.
    /// <para/>
    /// Safe to call more than once: later calls only add configuration, and the adapter is registered once.
    /// </summary>
    /// <param name="builder">The executor builder.</param>
    /// <param name="configure">Configures the adapter: the service, its executable and arguments, the state directory, the allowed configuration roots.</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IUpgradeExecutorBuilder AddProcessRuntime(this IUpgradeExecutorBuilder builder, Action<ProcessRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services
            .AddOptionsWithValidateOnStart<ProcessRuntimeOptions, ProcessRuntimeOptionsValidator>()
            .Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessRuntimeOptions>, ProcessRuntimeOptionsCustomValidator>());
        return builder.AddRuntime(ProcessRuntimeAdapter.RuntimeType, static services => new ProcessRuntimeAdapter(
            services.GetRequiredService<IOptions<ProcessRuntimeOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
    }
}
