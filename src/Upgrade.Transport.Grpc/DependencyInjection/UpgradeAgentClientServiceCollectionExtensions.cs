using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Upgrade.Transport.Grpc;

/// <summary>Registers the agent side of the gRPC transport.</summary>
public static class UpgradeAgentClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that connects this node's <see cref="IUpgradeAgent"/> (registered separately, for example
    /// with <c>AddUpgradeExecutor().AddAgent(...)</c>) to the control plane. Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the control plane's address, the node's credential and the state directory.</param>
    /// <returns>The value of <paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddUpgradeAgentClient(this IServiceCollection services, Action<UpgradeAgentClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<UpgradeAgentClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpgradeAgentClientOptions>, ClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // TryAddEnumerable rather than AddHostedService: a second call must not open a second stream.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UpgradeAgentClient>(sp => new UpgradeAgentClient(
            sp.GetRequiredService<IUpgradeAgent>(),
            sp.GetRequiredService<IOptions<UpgradeAgentClientOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<UpgradeAgentClient>>())));
        return services;
    }

    private sealed class ClientOptionsValidator : IValidateOptions<UpgradeAgentClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, UpgradeAgentClientOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
