using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Upgrade.Executor;
using Upgrade.Transport.Grpc;

namespace Upgrade.Samples.Agent;

/// <summary>Wires a node agent from configuration.</summary>
internal static class NodeAgentServiceCollectionExtensions
{
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = AgentSettings.From(configuration);
        var executor = services.AddUpgradeExecutor().UseFileStores(Path.Combine(settings.StateDirectory, "executor"));

        // Only the configured runtime is registered: the others' options would fail validation at start.
        switch (settings.RuntimeType)
        {
            case RuntimeTypes.Systemd:
                executor.AddSystemdRuntime(o => configuration.GetSection("runtime:systemd").Bind(o));
                break;
            case RuntimeTypes.Docker:
                executor.AddDockerRuntime(o =>
                {
                    // The records of pulled images live with the agent's other durable state unless configured otherwise.
                    o.StateDirectory = Path.Combine(settings.StateDirectory, "docker");
                    configuration.GetSection("runtime:docker").Bind(o);
                });
                break;
            case Upgrade.Samples.ProcessRuntime.ProcessRuntimeAdapter.RuntimeType:
                executor.AddProcessRuntime(o => configuration.GetSection("runtime:process").Bind(o));
                break;
            default:
                throw new InvalidOperationException($"runtime:type: '{settings.RuntimeType}' is not supported; use systemd, docker or process.");
        }

        if (settings.AuditLogPath is { } auditLog)
        {
            DecorateRuntime(services, settings.RuntimeType, inner => new AuditingRuntimeAdapter(inner, auditLog));
        }

        executor.AddAgent(o =>
        {
            configuration.GetSection("agent").Bind(o);
            o.RuntimeType = settings.RuntimeType;
        });
        services.AddUpgradeAgentClient(o =>
        {
            configuration.GetSection("controlPlane").Bind(o);
            o.StateDirectory = Path.Combine(settings.StateDirectory, "transport");
            if (settings.TokenFile is { } tokenFile)
            {
                // A file (for example a systemd credential) keeps the token out of the environment and the unit file.
                o.Token = File.ReadAllText(tokenFile).Trim();
            }
        });
        return services;
    }

    private static void DecorateRuntime(IServiceCollection services, string runtimeType, Func<IRuntimeAdapter, IRuntimeAdapter> decorate)
    {
        var descriptor = services.Single(d => d.ServiceType == typeof(IRuntimeAdapter) && Equals(d.ServiceKey, runtimeType));
        var factory = descriptor.KeyedImplementationFactory!;
        services.Replace(ServiceDescriptor.KeyedSingleton<IRuntimeAdapter>(runtimeType, (sp, key) => decorate((IRuntimeAdapter)factory(sp, key))));
    }
}
