namespace Upgrade.Orchestration;

/// <summary>How urgent an incident is.</summary>
public enum IncidentSeverity
{
    /// <summary>Needs attention; the engine continues on its own.</summary>
    Warning,

    /// <summary>Needs an operator: the node is left for manual recovery.</summary>
    Critical,
}
