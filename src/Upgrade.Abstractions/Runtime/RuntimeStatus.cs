namespace Upgrade;

/// <summary>A snapshot of a managed service's state, as health checks and actions use it.</summary>
public sealed record RuntimeStatus
{
    /// <summary>Gets a value indicating whether the service is running.</summary>
    public required bool IsRunning { get; init; }

    /// <summary>Gets how many times the runtime restarted the service since it was last started by hand.</summary>
    public int RestartCount { get; init; }

    /// <summary>Gets the identity of the running instance: a main process id, a container id.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the runtime's own word for the state, for example <c>active/running</c> or <c>exited</c>.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>Gets the health reported by the runtime itself (a container health check), when it has one.</summary>
    public string? Health { get; init; }
}
