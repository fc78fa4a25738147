using System.Text;
using Upgrade.Orchestration;

namespace Upgrade.CrashMatrix.ControlPlaneHost;

/// <summary>The fixed scenario of the control-plane matrix, shared by the host and the test that checks its end.</summary>
public static class Scenario
{
    public const string SourceVersion = "v1";
    public const string TargetVersion = "v2";
    public const string ArmedFile = "armed.txt";

    public static readonly string SourceChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(SourceVersion));
    public static readonly string TargetChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(TargetVersion));

    /// <summary>Six nodes: three rolling batches of two, or a canary of one and then batches of two.</summary>
    public static readonly IReadOnlyList<string> NodeIds = [.. Enumerable.Range(0, 6).Select(i => $"node-{i:D2}")];

    public static string DatabaseOf(string directory) => Path.Combine(directory, "control.db");

    public static string NodeDirectoryOf(string directory, string nodeId) => Path.Combine(directory, "nodes", nodeId);

    /// <summary>The node that turns critical on the target version in the failing scenario.</summary>
    public const string UnhealthyNode = "node-03";

    /// <summary>The scenarios: a clean rolling and canary rollout, and a rolling one that fails a node and is rolled back.</summary>
    public static readonly IReadOnlyList<string> Names = ["rolling", "canary", "rolling-rollback"];

    public static RolloutStrategy ParseStrategy(string name) => name switch
    {
        "rolling" or "rolling-rollback" => RolloutStrategy.Rolling,
        "canary" => RolloutStrategy.Canary,
        _ => throw new ArgumentException($"strategy must be one of {string.Join(", ", Names)}, not '{name}'.", nameof(name)),
    };

    /// <summary>
    /// Whether the scenario fails <see cref="UnhealthyNode"/>: its health validation fails on the new version, the engine
    /// reverts it, the failure threshold pauses the rollout after that batch, and the host then signals a rollback.
    /// </summary>
    public static bool RollsBack(string name) => name == "rolling-rollback";

    public static RolloutRequest Request(string name) => new()
    {
        ChainProfileId = "chain-a",
        NodeType = "full",
        SourceVersion = SourceVersion,
        BinaryName = "node",
        TargetVersion = TargetVersion,
        TargetBinaryUrl = "https://releases.example/node-v2",
        TargetBinaryChecksum = TargetChecksum,
        ManifestContentHash = Sha256Checksum.Compute("manifest"u8),
        RuntimeType = RuntimeTypes.Systemd,
        Strategy = ParseStrategy(name),
        BatchSize = 2,
        CanarySize = 1,
        FailureThreshold = RollsBack(name) ? 0.1 : 0.5,
        HealthWaitDuration = TimeSpan.FromMilliseconds(1),
        Seed = 7,
    };
}
