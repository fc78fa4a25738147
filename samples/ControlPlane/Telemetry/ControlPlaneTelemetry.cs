using System.Diagnostics;

namespace Upgrade.Samples.ControlPlane.Telemetry;

/// <summary>The host's trace source: one span per rollout API operation and per rollout and node upgrade.</summary>
internal static class ControlPlaneTelemetry
{
    public const string SourceName = "Upgrade.Samples.ControlPlane";

    /// <summary>The meter of Upgrade.Orchestration, whose instruments <c>/metrics</c> exports.</summary>
    public const string OrchestrationMeter = "Upgrade.Orchestration";

    public static readonly ActivitySource Source = new(SourceName);
}
