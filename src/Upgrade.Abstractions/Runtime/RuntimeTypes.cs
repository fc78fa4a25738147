namespace Upgrade;

/// <summary>
/// The runtime types the SDK ships adapters for. An agent picks its adapter by the node's configured runtime type,
/// registered as a keyed service under one of these names (or a name of your own).
/// </summary>
public static class RuntimeTypes
{
    /// <summary>Services managed by systemd.</summary>
    public const string Systemd = "systemd";

    /// <summary>Containers managed by a Docker engine.</summary>
    public const string Docker = "docker";
}
