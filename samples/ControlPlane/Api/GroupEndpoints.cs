using Microsoft.AspNetCore.Http.HttpResults;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Api.Contracts;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>The seed's rollout group endpoints, plus the pause, resume, rollback and skip signals groups have.</summary>
internal static class GroupEndpoints
{
    public static RouteGroupBuilder MapGroupEndpoints(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/rollout-groups").WithTags("Rollout groups");

        groups.MapPost("/", CreateAsync)
            .WithName("CreateRolloutGroup")
            .WithSummary("Create a multi-component rollout group")
            .WithMetadata(new AuditAction("rollout_group.create", "rollout_group"))
            .Accepts<CreateGroupBody>("application/json")
            .Produces<GroupResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        groups.MapGet("/", ListAsync).WithName("ListRolloutGroups").WithSummary("List rollout groups");
        groups.MapGet("/{id:guid}", GetAsync).WithName("GetRolloutGroup").WithSummary("Get a group and its component rollouts");
        groups.MapGet("/{id:guid}/status", GetAsync).WithName("GetRolloutGroupStatus").WithSummary("Group status and per-component progress");

        MapSignal(groups, "start", "StartRolloutGroup", "Start a pending group", (s, id, ct) => s.StartAsync(id, ct));
        MapSignal(groups, "cancel", "CancelRolloutGroup", "Cancel a group", (s, id, ct) => s.CancelAsync(id, ct));
        MapSignal(groups, "pause", "PauseRolloutGroup", "Pause a running group", (s, id, ct) => s.PauseAsync(id, ct));
        MapSignal(groups, "resume", "ResumeRolloutGroup", "Resume a paused group", (s, id, ct) => s.ResumeAsync(id, ct));
        MapSignal(groups, "rollback", "RollbackRolloutGroup", "Roll every completed component back, in reverse order", (s, id, ct) => s.RollbackAsync(id, ct));
        MapSignal(groups, "skip", "SkipRolloutGroupComponent", "Skip the failed component of a paused group (manual policy)", (s, id, ct) => s.SkipAsync(id, ct));
        return groups;
    }

    private static async Task<IResult> CreateAsync(CreateGroupBody body, HttpContext http, RolloutGroupService service, IdempotentCreates idempotency, CancellationToken cancellationToken) =>
        await idempotency.RunAsync(http, "rollout_group.create", body, async ct =>
        {
            try
            {
                var group = await service.CreateAsync(body.ToRequest(http.Actor()), ct);
                http.Items[RequestContext.AuditTargetItem] = $"rollout_group/{group.Id:D}";
                return TypedResults.Created($"/api/v1/rollout-groups/{group.Id:D}", GroupResponse.From(group, null));
            }
            catch (UpgradeValidationException exception)
            {
                return Problems.Validation("rollout group request", exception.Errors);
            }
        }, cancellationToken);

    private static async Task<Ok<List<GroupResponse>>> ListAsync(RolloutGroupService service, CancellationToken cancellationToken, bool activeOnly = false)
    {
        var groups = await service.ListAsync(activeOnly, cancellationToken);
        return TypedResults.Ok(groups.Select(g => GroupResponse.From(g, null)).ToList());
    }

    private static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> GetAsync(Guid id, RolloutGroupService service, CancellationToken cancellationToken) =>
        await service.GetStatusAsync(id, cancellationToken) is { } progress ? TypedResults.Ok(GroupResponse.From(progress.Group, progress)) : Problems.NotFound("rollout group", id);

    private static void MapSignal(RouteGroupBuilder groups, string path, string name, string summary, Func<RolloutGroupService, Guid, CancellationToken, Task<RolloutGroupSignal>> send)
    {
        groups.MapPost($"/{{id:guid}}/{path}", (Guid id, RolloutGroupService service, CancellationToken cancellationToken) =>
                SignalAsync(id, path, service, ct => send(service, id, ct), cancellationToken))
            .WithName(name)
            .WithSummary(summary)
            .WithMetadata(new AuditAction("rollout_group." + path, "rollout_group"));
    }

    private static async Task<Results<Accepted<SignalResponse>, ProblemHttpResult>> SignalAsync(Guid id, string signal, RolloutGroupService service, Func<CancellationToken, Task<RolloutGroupSignal>> send, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("rollout group", id);
        }

        try
        {
            var accepted = await send(cancellationToken);
            return TypedResults.Accepted($"/api/v1/rollout-groups/{id:D}", new SignalResponse
            {
                TargetId = id,
                Signal = signal,
                Sequence = accepted.Sequence,
                AcceptedAt = accepted.CreatedAt,
            });
        }
        catch (InvalidOperationException exception)
        {
            var current = await service.GetAsync(id, cancellationToken);
            var state = current is null ? "deleted" : current.RollingBack ? current.Status.ToWireName() + " (rolling back)" : current.Status.ToWireName();
            return Problems.InvalidState("rollout group", id, signal, state, exception.Message);
        }
    }
}
