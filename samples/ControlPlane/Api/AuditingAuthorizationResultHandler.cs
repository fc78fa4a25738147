using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Upgrade.Samples.ControlPlane.Storage;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>Audits mutating calls that authentication or authorization refused (they never reach the endpoint filter).</summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _inner = new();
    private readonly ControlPlaneDatabase _database;
    private readonly TimeProvider _timeProvider;

    public AuditingAuthorizationResultHandler(ControlPlaneDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.GetEndpoint()?.Metadata.GetMetadata<AuditAction>() is { } action)
        {
            var status = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await _database.WriteAuditAsync(AuditFilter.Record(context, action, status, _timeProvider.GetUtcNow()), context.RequestAborted);
        }

        await _inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
