namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>A signal the engine accepted; it applies it between batches.</summary>
internal sealed record SignalResponse
{
    /// <summary>Gets the rollout or group the signal is for.</summary>
    public required Guid TargetId { get; init; }

    /// <summary>Gets the signal, e.g. <c>pause</c> or <c>approve_canary</c>.</summary>
    public required string Signal { get; init; }

    public required long Sequence { get; init; }

    public string? NodeId { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }
}
