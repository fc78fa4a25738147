namespace Upgrade.Orchestration;

/// <summary>Receives the incidents of the rollout engine, e.g. to open them in the host's incident service.</summary>
/// <remarks>
/// An incident is raised after the node transition that causes it is stored. A restarted engine does not raise it
/// again: the transition is not replayed. <see cref="UpgradeIncident.Id"/> is deterministic per rollout, node, category
/// and attempt, so a sink can also deduplicate on it. A sink that throws does not stop the rollout.
/// </remarks>
public interface IIncidentSink
{
    /// <summary>Raises an incident.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>A task that completes when the incident is handed over.</returns>
    ValueTask RaiseAsync(UpgradeIncident incident, CancellationToken ct);
}
