using Upgrade.Orchestration;

namespace Upgrade.Samples.ControlPlane.Api.Contracts;

/// <summary>A rollout with its progress counters, as the API returns it.</summary>
internal sealed record RolloutResponse
{
    public required Guid Id { get; init; }

    public Guid? GroupId { get; init; }

    public int? ComponentIndex { get; init; }

    public required string ChainProfileId { get; init; }

    public required string NodeType { get; init; }

    public required string RuntimeType { get; init; }

    public required string BinaryName { get; init; }

    public required string SourceVersion { get; init; }

    public required string TargetVersion { get; init; }

    public required string TargetBinaryUrl { get; init; }

    public required string TargetBinaryChecksum { get; init; }

    public string? UpgradeId { get; init; }

    public required string ManifestContentHash { get; init; }

    public required RolloutStrategy Strategy { get; init; }

    public required int BatchSize { get; init; }

    public required int CanarySize { get; init; }

    public required double FailureThreshold { get; init; }

    public required double HealthWaitSeconds { get; init; }

    public required bool ForceContinue { get; init; }

    public required bool SkipValidation { get; init; }

    public required MigrationType MigrationType { get; init; }

    public string? RecoveryPlan { get; init; }

    public required bool AcknowledgeStateRisk { get; init; }

    public required int Seed { get; init; }

    public string? CreatedBy { get; init; }

    public required RolloutStatus Status { get; init; }

    public required RolloutPauseReason PauseReason { get; init; }

    public required bool Forced { get; init; }

    public required bool CanaryApproved { get; init; }

    public required int BatchCount { get; init; }

    public required int CurrentBatch { get; init; }

    public required int TotalNodes { get; init; }

    public required int SucceededNodes { get; init; }

    public required int FailedNodes { get; init; }

    public required int PendingNodes { get; init; }

    public required int RolledBackNodes { get; init; }

    /// <summary>Gets the fraction of nodes that ended, in [0, 1].</summary>
    public required double Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public static RolloutResponse From(Rollout r) => new()
    {
        Id = r.Id,
        GroupId = r.GroupId,
        ComponentIndex = r.ComponentIndex,
        ChainProfileId = r.ChainProfileId,
        NodeType = r.NodeType,
        RuntimeType = r.RuntimeType,
        BinaryName = r.BinaryName,
        SourceVersion = r.SourceVersion,
        TargetVersion = r.TargetVersion,
        TargetBinaryUrl = r.TargetBinaryUrl,
        TargetBinaryChecksum = r.TargetBinaryChecksum,
        UpgradeId = r.UpgradeId,
        ManifestContentHash = r.ManifestContentHash,
        Strategy = r.Strategy,
        BatchSize = r.BatchSize,
        CanarySize = r.CanarySize,
        FailureThreshold = r.FailureThreshold,
        HealthWaitSeconds = r.HealthWaitDuration.TotalSeconds,
        ForceContinue = r.ForceContinue,
        SkipValidation = r.SkipValidation,
        MigrationType = r.MigrationType,
        RecoveryPlan = r.RecoveryPlan,
        AcknowledgeStateRisk = r.AcknowledgeStateRisk,
        Seed = r.Seed,
        CreatedBy = r.CreatedBy,
        Status = r.Status,
        PauseReason = r.PauseReason,
        Forced = r.Forced,
        CanaryApproved = r.CanaryApproved,
        BatchCount = r.BatchCount,
        CurrentBatch = r.CurrentBatch,
        TotalNodes = r.TotalNodes,
        SucceededNodes = r.SucceededNodes,
        FailedNodes = r.FailedNodes,
        PendingNodes = r.PendingNodes,
        RolledBackNodes = r.RolledBackNodes,
        Progress = r.TotalNodes == 0 ? 0 : (double)(r.TotalNodes - r.PendingNodes) / r.TotalNodes,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        StartedAt = r.StartedAt,
        CompletedAt = r.CompletedAt,
    };
}
