using Microsoft.Extensions.Configuration;

namespace Upgrade.Samples.Agent;

/// <summary>The agent's own settings: the runtime type, where state lives, and optional extras.</summary>
internal sealed record AgentSettings(string RuntimeType, string StateDirectory, string? TokenFile, string? AuditLogPath)
{
    public static AgentSettings From(IConfiguration configuration)
    {
        var runtimeType = configuration["runtime:type"];
        var stateDirectory = configuration["agent:stateDirectory"];
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(runtimeType))
        {
            errors.Add("runtime:type: is required (systemd, docker or process).");
        }

        if (string.IsNullOrWhiteSpace(stateDirectory) || !Path.IsPathFullyQualified(stateDirectory))
        {
            errors.Add("agent:stateDirectory: must be an absolute path.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The agent configuration is invalid: " + string.Join(" ", errors));
        }

        return new AgentSettings(
            runtimeType!,
            stateDirectory!,
            NullIfBlank(configuration["controlPlane:tokenFile"]),
            NullIfBlank(configuration["runtime:auditLog"]));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
