using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>A rollout group with its component rollouts and per-component progress.</summary>
internal sealed record GroupResponse
{
    public required Guid Id { get; init; }

    public required string ChainProfileId { get; init; }

    public required RolloutGroupStatus Status { get; init; }

    public required RolloutGroupFailurePolicy FailurePolicy { get; init; }

    public required IReadOnlyDictionary<string, string> DesiredVersions { get; init; }

    public required int CurrentComponentIndex { get; init; }

    public required bool RollingBack { get; init; }

    public int? FailedComponentIndex { get; init; }

    public string? ErrorMessage { get; init; }

    public string? CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required IReadOnlyList<GroupComponentResponse> Components { get; init; }

    public static GroupResponse From(RolloutGroup g, RolloutGroupProgress? progress) => new()
    {
        Id = g.Id,
        ChainProfileId = g.ChainProfileId,
        Status = g.Status,
        FailurePolicy = g.FailurePolicy,
        DesiredVersions = g.DesiredVersions,
        CurrentComponentIndex = g.CurrentComponentIndex,
        RollingBack = g.RollingBack,
        FailedComponentIndex = g.FailedComponentIndex,
        ErrorMessage = g.ErrorMessage,
        CreatedBy = g.CreatedBy,
        CreatedAt = g.CreatedAt,
        StartedAt = g.StartedAt,
        CompletedAt = g.CompletedAt,
        Components = progress is null
            ? [.. g.ComponentOrder.Select(c => new GroupComponentResponse { ComponentIndex = c.ComponentIndex, BinaryName = c.BinaryName, TargetVersion = g.DesiredVersions.GetValueOrDefault(c.BinaryName) ?? string.Empty })]
            : [.. progress.Components.Select(c => new GroupComponentResponse
            {
                ComponentIndex = c.Component.ComponentIndex,
                BinaryName = c.Component.BinaryName,
                TargetVersion = c.TargetVersion,
                Accepted = c.Accepted,
                Progress = c.Progress,
                Rollout = c.Rollout is null ? null : RolloutResponse.From(c.Rollout),
            })],
    };
}

/// <summary>One component of a group and its rollout, once the group created it.</summary>
internal sealed record GroupComponentResponse
{
    public required int ComponentIndex { get; init; }

    public required string BinaryName { get; init; }

    public required string TargetVersion { get; init; }

    public bool Accepted { get; init; }

    public double Progress { get; init; }

    public RolloutResponse? Rollout { get; init; }
}
