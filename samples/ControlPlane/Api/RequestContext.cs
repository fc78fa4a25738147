using System.Security.Claims;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>Who is calling and under which request id.</summary>
internal static class RequestContext
{
    /// <summary>The item a handler sets when the audit target is known only after the call (a created id).</summary>
    public const string AuditTargetItem = "controlplane.audit.target";

    /// <summary>The item a handler sets when it wrote the audit record itself (in the idempotency transaction).</summary>
    public const string AuditedItem = "controlplane.audit.done";

    public static string Actor(this HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    public static string Actor(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    public static string RequestId(this HttpContext context) => context.TraceIdentifier;

    public static string Outcome(int statusCode) => statusCode switch
    {
        < 400 => "succeeded",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        < 500 => "rejected",
        _ => "failed",
    };
}
