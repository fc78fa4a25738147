using Microsoft.Extensions.Logging;

namespace Upgrade.Orchestration;

/// <summary>Incidents and maintenance state around the per-node workflow.</summary>
internal sealed partial class RolloutRun
{
    /// <summary>
    /// Whether a node that failed health validation still shows life: not plainly down, and a heartbeat in the window or
    /// a running state.
    /// </summary>
    private static bool ShowsLife(NodeHealthSnapshot snapshot, DateTimeOffset since) =>
        snapshot.NodeState is not (NodeState.Down or NodeState.Failed)
        && ((snapshot.LastHeartbeatAt is { } heartbeat && heartbeat >= since) || snapshot.NodeState == NodeState.Running);

    /// <summary>Raises an incident about a node, after the transition that causes it is stored; a failing sink is logged.</summary>
    private async Task RaiseIncidentAsync(RolloutNode node, PendingIncident pending, CancellationToken cancellationToken)
    {
        var incident = new UpgradeIncident
        {
            Id = UpgradeIncident.IdOf(_rollout.Id, node.NodeId, pending.Category, node.AttemptCount),
            Category = pending.Category,
            Severity = pending.Severity,
            RolloutId = _rollout.Id,
            NodeId = node.NodeId,
            ChainProfileId = _rollout.ChainProfileId,
            Attempt = node.AttemptCount,
            Message = pending.Message,
            RecoveryPlan = _rollout.RecoveryPlan,
            Timestamp = Now,
        };
        _engine.Logger.IncidentRaised(incident.RolloutId, incident.NodeId, incident.Category, incident.Severity, incident.Id, incident.Message);
        try
        {
            await _engine.Incidents.RaiseAsync(incident, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _engine.Logger.IncidentSinkFailed(incident.Id, exception);
        }
    }

    /// <summary>Puts a node in maintenance; a failure is logged (the node may see false alarms, nothing unsafe happens).</summary>
    private async Task EnterMaintenanceAsync(string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await _engine.Maintenance.EnterAsync(nodeId, _rollout.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _engine.Logger.MaintenanceUpdateFailed(nodeId, _rollout.Id, entering: true, exception);
        }
    }

    /// <summary>Takes a node out of maintenance; a failure is logged and the maintenance cleanup clears the entry later.</summary>
    private async Task ExitMaintenanceAsync(string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await _engine.Maintenance.ExitAsync(nodeId, _rollout.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
        {
            _engine.Logger.MaintenanceUpdateFailed(nodeId, _rollout.Id, entering: false, exception);
        }
    }

    /// <summary>An incident to raise once its node transition is stored.</summary>
    private readonly record struct PendingIncident(string Category, IncidentSeverity Severity, string Message);

    /// <summary>The result of health validation: why it failed, the last snapshot, and whether it is a stall.</summary>
    private readonly record struct HealthCheck(string? Reason, NodeHealthSnapshot? Snapshot, bool IsStalled);
}
