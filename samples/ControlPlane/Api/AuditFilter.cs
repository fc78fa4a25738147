using Upgrade.Samples.ControlPlane.Storage;
using Upgrade.Samples.ControlPlane.Telemetry;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>
/// Writes one audit record per mutating call through the store, after the handler decided the result and before the
/// result is written to the response: a caller that got an answer can rely on its audit record existing.
/// </summary>
internal sealed class AuditFilter : IEndpointFilter
{
    private readonly ControlPlaneDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuditFilter> _logger;

    public AuditFilter(ControlPlaneDatabase database, TimeProvider timeProvider, ILogger<AuditFilter> logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var action = http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>();
        if (action is null)
        {
            return await next(context);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            await WriteAsync(http, action, StatusCodes.Status500InternalServerError, CancellationToken.None);
            throw;
        }

        if (!http.Items.ContainsKey(RequestContext.AuditedItem))
        {
            var status = StatusOf(result);
            await WriteAsync(http, action, status, http.RequestAborted);
        }

        return result;
    }

    /// <summary>The status a result will write; typed-result unions wrap the chosen result.</summary>
    public static int StatusOf(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
    }

    public static AuditRecord Record(HttpContext http, AuditAction action, int statusCode, DateTimeOffset now) => new()
    {
        Actor = http.Actor(),
        Action = action.Name,
        Target = Target(http, action),
        RequestId = http.RequestId(),
        Outcome = RequestContext.Outcome(statusCode),
        StatusCode = statusCode,
        Time = now,
    };

    /// <summary>The target: <c>rollout/{id}</c>, <c>rollout/{id}/node/{nodeId}</c>, <c>rollout_group/{id}</c>, or the created id.</summary>
    public static string Target(HttpContext http, AuditAction action)
    {
        if (http.Items.TryGetValue(RequestContext.AuditTargetItem, out var created) && created is string target)
        {
            return target;
        }

        var values = http.Request.RouteValues;
        var id = values.TryGetValue("id", out var v) ? v?.ToString() : null;
        var node = values.TryGetValue("nodeId", out var n) ? n?.ToString() : null;
        return (id, node) switch
        {
            (null, _) => action.TargetKind,
            (_, null) => $"{action.TargetKind}/{id}",
            _ => $"{action.TargetKind}/{id}/node/{node}",
        };
    }

    private async Task WriteAsync(HttpContext http, AuditAction action, int statusCode, CancellationToken cancellationToken)
    {
        var record = Record(http, action, statusCode, _timeProvider.GetUtcNow());
        await _database.WriteAuditAsync(record, cancellationToken);
        _logger.MutationAudited(record.Actor, record.Action, record.Target, record.Outcome, record.StatusCode, record.RequestId);
    }
}
