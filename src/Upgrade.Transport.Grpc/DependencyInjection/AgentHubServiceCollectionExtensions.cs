using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Upgrade.Transport.Grpc;

/// <summary>Registers the control-plane side of the gRPC transport.</summary>
public static class AgentHubServiceCollectionExtensions
{
    /// <summary>
    /// Registers gRPC, the agent hub and <see cref="GrpcAgentTransport"/> as the <see cref="IAgentTransport"/>
    /// (replacing one registered before). Map the endpoint with <see cref="MapUpgradeAgentHub"/> on an HTTPS listener.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the node credentials and timeouts.</param>
    /// <returns>The value of <paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IServiceCollection AddUpgradeAgentHub(this IServiceCollection services, Action<AgentHubOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddGrpc();
        services.AddOptions<AgentHubOptions>().Configure(configure)
            .Validate(o => o.Validate().Count == 0, "The agent hub options are invalid.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrpcAgentTransport(
            sp.GetRequiredService<IOptions<AgentHubOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<GrpcAgentTransport>>()));
        services.Replace(ServiceDescriptor.Singleton<IAgentTransport>(sp => sp.GetRequiredService<GrpcAgentTransport>()));
        return services;
    }

    /// <summary>Maps the agent hub's gRPC endpoint.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapUpgradeAgentHub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGrpcService<AgentHubService>();
    }
}
