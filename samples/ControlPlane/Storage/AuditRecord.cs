namespace Upgrade.Samples.ControlPlane.Storage;

/// <summary>One mutating call: who did what to which rollout or group, under which request, and how it ended.</summary>
internal sealed record AuditRecord
{
    public long Id { get; init; }

    public required string Actor { get; init; }

    public required string Action { get; init; }

    public required string Target { get; init; }

    public required string RequestId { get; init; }

    /// <summary>Gets <c>succeeded</c>, <c>rejected</c> (4xx), <c>unauthenticated</c>, <c>forbidden</c> or <c>failed</c> (5xx).</summary>
    public required string Outcome { get; init; }

    public required int StatusCode { get; init; }

    public required DateTimeOffset Time { get; init; }
}
