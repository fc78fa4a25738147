using Microsoft.AspNetCore.Http.HttpResults;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Api.Contracts;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>
/// The endpoint scaffolding rollouts and rollout groups share. A create runs under the idempotency key and answers
/// 201 with the resource or a 400 validation problem. A signal answers 202, a 404 when the resource does not exist, or
/// a 409 naming the state the signal is not allowed in. Every endpoint mapped here carries its
/// <see cref="AuditAction"/>, so the audit filter (or the idempotent create) records it.
/// </summary>
/// <typeparam name="TService">The orchestration service the endpoints call.</typeparam>
/// <typeparam name="TResource">The resource a signal is for.</typeparam>
/// <typeparam name="TSignal">What the service returns for an accepted signal.</typeparam>
/// <param name="kind">The resource as problem titles name it, e.g. <c>rollout group</c>; its audit name and path follow from it.</param>
/// <param name="find">Reads the resource, or null when it does not exist.</param>
/// <param name="state">The state a 409 names when a signal is not allowed.</param>
/// <param name="receipt">The sequence, node and time of an accepted signal.</param>
internal sealed class ResourceEndpoints<TService, TResource, TSignal>(
    string kind,
    Func<TService, Guid, CancellationToken, Task<TResource?>> find,
    Func<TResource, string> state,
    Func<TSignal, (long Sequence, string? NodeId, DateTimeOffset AcceptedAt)> receipt)
    where TService : notnull
    where TResource : class
{
    // The audit name (rollout_group) and the collection path (/api/v1/rollout-groups) follow from the kind.
    private readonly string _auditKind = kind.Replace(' ', '_');
    private readonly string _path = $"/api/v1/{kind.Replace(' ', '-')}s";

    /// <summary>
    /// Maps <c>POST /</c>: <paramref name="create"/> gets the body and the caller and may throw
    /// <see cref="UpgradeValidationException"/>; the created resource is answered as <paramref name="response"/> maps it.
    /// </summary>
    public RouteHandlerBuilder MapCreate<TBody, TCreated, TResponse>(
        RouteGroupBuilder group,
        string name,
        string summary,
        Func<TService, TBody, string, CancellationToken, Task<TCreated>> create,
        Func<TCreated, (Guid Id, TResponse Response)> response)
        where TBody : notnull
    {
        var action = _auditKind + ".create";

        // A variable, not a lambda argument: the route handler analyzer fails on a handler whose body type is generic.
        Delegate handler = (TBody body, HttpContext http, TService service, IdempotentCreates idempotency, CancellationToken cancellationToken) =>
            idempotency.RunAsync(http, action, body, async ct =>
            {
                try
                {
                    var (id, created) = response(await create(service, body, http.Actor(), ct));
                    http.Items[RequestContext.AuditTargetItem] = $"{_auditKind}/{id:D}";
                    return TypedResults.Created($"{_path}/{id:D}", created);
                }
                catch (UpgradeValidationException exception)
                {
                    return Problems.Validation(kind + " request", exception.Errors);
                }
            }, cancellationToken);
        return group.MapPost("/", handler)
            .WithName(name)
            .WithSummary(summary)
            .WithMetadata(new AuditAction(action, _auditKind))
            .Accepts<TBody>("application/json")
            .Produces<TResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Maps <c>POST /{id}/{path}</c>; the signal and the audit action are the path in snake case.</summary>
    public RouteHandlerBuilder MapSignal(RouteGroupBuilder group, string path, string name, string summary, Func<TService, Guid, CancellationToken, Task<TSignal>> send)
    {
        var signal = path.Replace('-', '_');
        return group.MapPost($"/{{id:guid}}/{path}", (Guid id, TService service, CancellationToken cancellationToken) =>
                SendAsync(id, signal, service, ct => send(service, id, ct), cancellationToken))
            .WithName(name)
            .WithSummary(summary)
            .WithMetadata(new AuditAction($"{_auditKind}.{signal}", _auditKind));
    }

    /// <summary>Sends a signal to an existing resource; a signal its state does not allow is a 409 naming that state.</summary>
    public async Task<Results<Accepted<SignalResponse>, ProblemHttpResult>> SendAsync(Guid id, string signal, TService service, Func<CancellationToken, Task<TSignal>> send, CancellationToken cancellationToken)
    {
        if (await find(service, id, cancellationToken) is null)
        {
            return Problems.NotFound(kind, id);
        }

        try
        {
            var accepted = receipt(await send(cancellationToken));
            return TypedResults.Accepted($"{_path}/{id:D}", new SignalResponse
            {
                TargetId = id,
                Signal = signal,
                Sequence = accepted.Sequence,
                NodeId = accepted.NodeId,
                AcceptedAt = accepted.AcceptedAt,
            });
        }
        catch (InvalidOperationException exception)
        {
            var current = await find(service, id, cancellationToken);
            return Problems.InvalidState(kind, id, signal, current is null ? "deleted" : state(current), exception.Message);
        }
    }
}
