namespace Upgrade.Orchestration;

/// <summary>An incident sink that drops every incident (the default until the host registers its own).</summary>
public sealed class NullIncidentSink : IIncidentSink
{
    private NullIncidentSink()
    {
    }

    /// <summary>Gets the instance.</summary>
    public static NullIncidentSink Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask RaiseAsync(UpgradeIncident incident, CancellationToken ct) => ValueTask.CompletedTask;
}
