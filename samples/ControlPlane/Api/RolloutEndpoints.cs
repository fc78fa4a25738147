using Microsoft.AspNetCore.Http.HttpResults;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Api.Contracts;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>The seed's rollout endpoints, plus the force and approve_canary signals the engine has.</summary>
internal static class RolloutEndpoints
{
    private static readonly ResourceEndpoints<RolloutService, Rollout, RolloutSignal> Endpoints = new(
        "rollout",
        (service, id, ct) => service.GetAsync(id, ct),
        r => r.Status.ToWireName(),
        s => (s.Sequence, s.NodeId, s.CreatedAt));

    public static RouteGroupBuilder MapRolloutEndpoints(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/rollouts").WithTags("Rollouts");

        Endpoints.MapCreate<CreateRolloutBody, Rollout, RolloutResponse>(rollouts, "CreateRollout", "Create a rollout (auto mode with upgrade_id, or manual mode)",
            (service, body, actor, ct) => service.CreateAsync(body.ToRequest(actor), ct), r => (r.Id, RolloutResponse.From(r)));
        rollouts.MapGet("/", ListAsync).WithName("ListRollouts").WithSummary("List rollouts");
        rollouts.MapGet("/{id:guid}", GetAsync).WithName("GetRollout").WithSummary("Get a rollout and its progress");
        rollouts.MapGet("/{id:guid}/nodes", GetNodesAsync).WithName("GetRolloutNodes").WithSummary("Per-node status, including upgrade_phase");

        Endpoints.MapSignal(rollouts, "start", "StartRollout", "Start a pending rollout", (s, id, ct) => s.StartAsync(id, ct));
        Endpoints.MapSignal(rollouts, "pause", "PauseRollout", "Pause after the current batch", (s, id, ct) => s.PauseAsync(id, ct));
        Endpoints.MapSignal(rollouts, "resume", "ResumeRollout", "Resume a paused rollout", (s, id, ct) => s.ResumeAsync(id, ct));
        Endpoints.MapSignal(rollouts, "cancel", "CancelRollout", "Cancel: no new batch starts, nodes in flight finish", (s, id, ct) => s.CancelAsync(id, ct));
        Endpoints.MapSignal(rollouts, "rollback", "RollbackRollout", "Full rollback of every upgraded node", (s, id, ct) => s.RollbackAsync(id, ct));
        Endpoints.MapSignal(rollouts, "force", "ForceRollout", "Override the failure threshold (send resume too)", (s, id, ct) => s.ForceAsync(id, ct));
        Endpoints.MapSignal(rollouts, "approve-canary", "ApproveCanary", "Approve the canary batch (approve_canary)", (s, id, ct) => s.ApproveCanaryAsync(id, ct));

        rollouts.MapPost("/{id:guid}/nodes/{nodeId}/retry", RetryNodeAsync)
            .WithName("RetryRolloutNode")
            .WithSummary("Retry a failed node")
            .WithMetadata(new AuditAction("rollout.retry_node", "rollout"));
        return rollouts;
    }

    private static async Task<Ok<List<RolloutResponse>>> ListAsync(RolloutService service, CancellationToken cancellationToken, bool activeOnly = false)
    {
        var rollouts = await service.ListAsync(activeOnly, cancellationToken);
        return TypedResults.Ok(rollouts.Select(RolloutResponse.From).ToList());
    }

    private static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> GetAsync(Guid id, RolloutService service, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken) is { } rollout ? TypedResults.Ok(RolloutResponse.From(rollout)) : Problems.NotFound("rollout", id);

    private static async Task<Results<Ok<List<RolloutNodeResponse>>, ProblemHttpResult>> GetNodesAsync(Guid id, RolloutService service, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(id, cancellationToken) is not { } rollout)
        {
            return Problems.NotFound("rollout", id);
        }

        var nodes = await service.GetNodesAsync(id, cancellationToken);
        return TypedResults.Ok(nodes.OrderBy(n => n.BatchIndex).ThenBy(n => n.NodeId, StringComparer.Ordinal).Select(n => RolloutNodeResponse.From(rollout, n)).ToList());
    }

    private static async Task<Results<Accepted<SignalResponse>, ProblemHttpResult>> RetryNodeAsync(Guid id, string nodeId, RolloutService service, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("rollout", id);
        }

        var nodes = await service.GetNodesAsync(id, cancellationToken);
        if (!nodes.Any(n => string.Equals(n.NodeId, nodeId, StringComparison.Ordinal)))
        {
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Type = Problems.NotFoundType,
                Title = "The node is not part of the rollout.",
                Status = StatusCodes.Status404NotFound,
                Detail = $"Rollout {id:D} has no node '{nodeId}'.",
            });
        }

        return await Endpoints.SendAsync(id, "retry_node", service, ct => service.RetryNodeAsync(id, nodeId, ct), cancellationToken);
    }
}
