namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>A response written byte for byte as stored: the first result of an idempotent create, sent again on a retry.</summary>
internal sealed class StoredResponse : IResult, IStatusCodeHttpResult
{
    public required int Status { get; init; }

    public required string ContentType { get; init; }

    public required string Body { get; init; }

    public string? Location { get; init; }

    public bool Replayed { get; init; }

    int? IStatusCodeHttpResult.StatusCode => Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = ContentType;
        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        if (Replayed)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return httpContext.Response.WriteAsync(Body, httpContext.RequestAborted);
    }
}
