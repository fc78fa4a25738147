using Microsoft.AspNetCore.Http.HttpResults;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Api.Contracts;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>The seed's rollout group endpoints, plus the pause, resume, rollback and skip signals groups have.</summary>
internal static class GroupEndpoints
{
    private static readonly ResourceEndpoints<RolloutGroupService, RolloutGroup, RolloutGroupSignal> Endpoints = new(
        "rollout group",
        (service, id, ct) => service.GetAsync(id, ct),
        g => g.RollingBack ? g.Status.ToWireName() + " (rolling back)" : g.Status.ToWireName(),
        s => (s.Sequence, null, s.CreatedAt));

    public static RouteGroupBuilder MapGroupEndpoints(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/rollout-groups").WithTags("Rollout groups");

        Endpoints.MapCreate<CreateGroupBody, RolloutGroup, GroupResponse>(groups, "CreateRolloutGroup", "Create a multi-component rollout group",
            (service, body, actor, ct) => service.CreateAsync(body.ToRequest(actor), ct), g => (g.Id, GroupResponse.From(g, null)));
        groups.MapGet("/", ListAsync).WithName("ListRolloutGroups").WithSummary("List rollout groups");
        groups.MapGet("/{id:guid}", GetAsync).WithName("GetRolloutGroup").WithSummary("Get a group and its component rollouts");
        groups.MapGet("/{id:guid}/status", GetAsync).WithName("GetRolloutGroupStatus").WithSummary("Group status and per-component progress");

        Endpoints.MapSignal(groups, "start", "StartRolloutGroup", "Start a pending group", (s, id, ct) => s.StartAsync(id, ct));
        Endpoints.MapSignal(groups, "cancel", "CancelRolloutGroup", "Cancel a group", (s, id, ct) => s.CancelAsync(id, ct));
        Endpoints.MapSignal(groups, "pause", "PauseRolloutGroup", "Pause a running group", (s, id, ct) => s.PauseAsync(id, ct));
        Endpoints.MapSignal(groups, "resume", "ResumeRolloutGroup", "Resume a paused group", (s, id, ct) => s.ResumeAsync(id, ct));
        Endpoints.MapSignal(groups, "rollback", "RollbackRolloutGroup", "Roll every completed component back, in reverse order", (s, id, ct) => s.RollbackAsync(id, ct));
        Endpoints.MapSignal(groups, "skip", "SkipRolloutGroupComponent", "Skip the failed component of a paused group (manual policy)", (s, id, ct) => s.SkipAsync(id, ct));
        return groups;
    }

    private static async Task<Ok<List<GroupResponse>>> ListAsync(RolloutGroupService service, CancellationToken cancellationToken, bool activeOnly = false)
    {
        var groups = await service.ListAsync(activeOnly, cancellationToken);
        return TypedResults.Ok(groups.Select(g => GroupResponse.From(g, null)).ToList());
    }

    private static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> GetAsync(Guid id, RolloutGroupService service, CancellationToken cancellationToken) =>
        await service.GetStatusAsync(id, cancellationToken) is { } progress ? TypedResults.Ok(GroupResponse.From(progress.Group, progress)) : Problems.NotFound("rollout group", id);
}
