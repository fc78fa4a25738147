namespace Upgrade.Samples.ControlPlane.Storage;

/// <summary>The first result of a create call under an <c>Idempotency-Key</c>; no status yet while it runs.</summary>
internal sealed record IdempotencyRecord
{
    public required string RequestHash { get; init; }

    public int? StatusCode { get; init; }

    public string? ContentType { get; init; }

    public string? Body { get; init; }

    public string? Location { get; init; }
}
