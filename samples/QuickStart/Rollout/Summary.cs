using System.Text.Json.Serialization;
using Upgrade;
using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>The end of a quick-start run, for people (a table) and for machines (<c>--json</c>).</summary>
internal sealed record Summary
{
    [JsonPropertyName("rollout_id")]
    public Guid? RolloutId { get; init; }

    [JsonPropertyName("strategy")]
    public required string Strategy { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("already_upgraded")]
    public bool AlreadyUpgraded { get; init; }

    [JsonPropertyName("total_seconds")]
    public required double TotalSeconds { get; init; }

    [JsonPropertyName("nodes")]
    public required IReadOnlyList<NodeSummary> Nodes { get; init; }

    [JsonPropertyName("phase_seconds")]
    public IReadOnlyDictionary<string, double> PhaseSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Gets 0 when every node ended where its status says it should: upgraded nodes on v2, failed (compensated) and
    /// rolled-back nodes on v1, skipped nodes untouched and answering. A node that needs a person (failed_rollback), or runs another version, gives 1.
    /// </summary>
    [JsonIgnore]
    public int ExitCode => Nodes.All(n => n.Status switch
    {
        "succeeded" or "already_on_target" => n.Version == Fleet.NodeBinaries.V2,
        "skipped" => n.Version is Fleet.NodeBinaries.V1 or Fleet.NodeBinaries.V2,
        "failed" or "rolled_back" => n.Version == Fleet.NodeBinaries.V1,
        _ => false,
    }) ? 0 : 1;

    public static Summary ForAlreadyUpgraded(QuickStartOptions options, IReadOnlyDictionary<string, string?> versions, TimeSpan elapsed) => new()
    {
        Strategy = StrategyName(options.Strategy),
        Status = "already_upgraded",
        AlreadyUpgraded = true,
        TotalSeconds = Math.Round(elapsed.TotalSeconds, 2),
        Nodes = [.. versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new NodeSummary { NodeId = v.Key, Status = "already_on_target", Version = v.Value })],
    };

    public static Summary From(QuickStartOptions options, Upgrade.Orchestration.Rollout rollout, IReadOnlyList<RolloutNode> nodes, IReadOnlyDictionary<string, string?> versions, IReadOnlyDictionary<UpgradePhase, TimeSpan> phases, TimeSpan elapsed) => new()
    {
        RolloutId = rollout.Id,
        Strategy = StrategyName(options.Strategy),
        Status = Json(rollout.Status),
        TotalSeconds = Math.Round(elapsed.TotalSeconds, 2),
        Nodes =
        [
            .. nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n => new NodeSummary
            {
                NodeId = n.NodeId,
                Batch = n.BatchIndex,
                Status = Json(n.Status),
                Version = versions.GetValueOrDefault(n.NodeId),
                Error = n.ErrorMessage,
                Seconds = n.StartedAt is { } start && n.CompletedAt is { } end ? Math.Round((end - start).TotalSeconds, 2) : null,
            }),
        ],
        PhaseSeconds = phases.ToDictionary(p => Json(p.Key), p => Math.Round(p.Value.TotalSeconds, 2)),
    };

    private static string StrategyName(RolloutStrategy strategy) => Json(strategy);

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value).Trim('"');
}

/// <summary>One node's line in the summary.</summary>
internal sealed record NodeSummary
{
    [JsonPropertyName("node_id")]
    public required string NodeId { get; init; }

    [JsonPropertyName("batch")]
    public int? Batch { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("seconds")]
    public double? Seconds { get; init; }
}
