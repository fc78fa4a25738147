using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>What the user asked for on the command line.</summary>
internal sealed record QuickStartOptions
{
    public int Nodes { get; init; } = 8;

    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Canary;

    public int BatchSize { get; init; } = 2;

    public int? FailNode { get; init; }

    public bool RollbackOnFailure { get; init; }

    public required string StateDirectory { get; init; }

    public bool Json { get; init; }
}
