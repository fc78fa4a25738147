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

    public static RolloutStrategy ParseStrategy(string name) => name switch
    {
        "rolling" => RolloutStrategy.Rolling,
        "canary" => RolloutStrategy.Canary,
        _ => throw new ArgumentException($"strategy must be rolling or canary, not '{name}'.", nameof(name)),
    };

    public static RolloutRequest Request(RolloutStrategy strategy) => new()
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
        Strategy = strategy,
        BatchSize = 2,
        CanarySize = 1,
        FailureThreshold = 0.5,
        HealthWaitDuration = TimeSpan.FromMilliseconds(1),
        Seed = 7,
    };
}
