using System.Text;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Groups;

/// <summary>What the operator does when a manual-policy group pauses on a failed component.</summary>
public enum ManualChoice
{
    Resume,
    Rollback,
    Skip,
}

/// <summary>A seeded group scenario: n components on one fleet, component k fails on a non-empty set of nodes.</summary>
internal sealed class GroupScenario
{
    private static readonly string[] AllBinaries = ["geth", "lighthouse", "mev-boost"];

    public GroupScenario(int seed, RolloutGroupFailurePolicy policy, int? components = null, int? failing = null, int? nodes = null)
    {
        var rng = new Random(seed);
        Seed = seed;
        Policy = policy;
        var count = components ?? rng.Next(2, 4);
        FailingComponent = failing ?? rng.Next(count);
        NodeCount = nodes ?? rng.Next(2, 7);
        Binaries = AllBinaries[..count];
        Strategy = new[] { RolloutStrategy.Rolling, RolloutStrategy.Canary, RolloutStrategy.AllAtOnce }[rng.Next(3)];
        BatchSize = rng.Next(1, 4);
        Threshold = new[] { 0.0, 0.5, 1.0 }[rng.Next(3)];
        World = new GroupWorld(seed, NodeCount, Binaries);
        var failingBinary = Binaries[FailingComponent];
        var failingNodes = World.Agents.Keys.Where(_ => rng.Next(3) == 0).ToList();
        if (failingNodes.Count == 0)
        {
            failingNodes.Add(World.Agents.Keys.ElementAt(rng.Next(NodeCount)));
        }

        FailingNodes = failingNodes;
        foreach (var node in failingNodes)
        {
            if (rng.Next(2) == 0)
            {
                World.FailingUpgrades.Add((node, failingBinary));
            }
            else
            {
                World.UnhealthyOnTarget.Add((node, failingBinary));
            }
        }
    }

    public int Seed { get; }

    public RolloutGroupFailurePolicy Policy { get; }

    public int FailingComponent { get; }

    public int NodeCount { get; }

    public string[] Binaries { get; }

    public RolloutStrategy Strategy { get; }

    public int BatchSize { get; }

    public double Threshold { get; }

    public List<string> FailingNodes { get; }

    public GroupWorld World { get; }

    public string Context => $"seed {Seed}, policy {Policy}, {Binaries.Length} components, failing {FailingComponent} on [{string.Join(",", FailingNodes)}] of {NodeCount}, {Strategy} batch {BatchSize} threshold {Threshold}";

    public RolloutGroupRequest Request() => new()
    {
        ChainProfileId = "ethereum-holesky",
        FailurePolicy = Policy,
        DesiredVersions = Binaries.ToDictionary(b => b, _ => GroupWorld.TargetVersion, StringComparer.Ordinal),
        ComponentOrder = [.. Binaries.Select((b, i) => new RolloutGroupComponent
        {
            ComponentIndex = i,
            BinaryName = b,
            NodeType = "full",
            SourceVersion = GroupWorld.SourceVersion,
            TargetBinaryUrl = $"https://releases.example/{b}-{GroupWorld.TargetVersion}",
            TargetBinaryChecksum = Sha256Checksum.Compute(Encoding.UTF8.GetBytes(b + GroupWorld.TargetVersion)),
            ManifestContentHash = Sha256Checksum.Compute(Encoding.UTF8.GetBytes("manifest-" + b)),
            RuntimeType = RuntimeTypes.Systemd,
            Strategy = Strategy,
            BatchSize = BatchSize,
            CanarySize = 1,
            FailureThreshold = Threshold,
            HealthWaitDuration = TimeSpan.FromMinutes(1),
            Seed = Seed,
        })],
        CreatedBy = "operator-1",
    };

    /// <summary>Runs the group to a final status; a manual pause on a failure gets <paramref name="choice"/>, once.</summary>
    public static async Task<RolloutGroup> DriveAsync(GroupWorld world, RolloutEngine engine, RolloutGroupService service, Guid groupId, ManualChoice choice, List<RolloutGroup>? pauses = null)
    {
        for (var round = 0; round < 20; round++)
        {
            var group = await Harness.DriveAsync(world.Time, engine.RunGroupAsync(groupId));
            switch (group.Status)
            {
                case RolloutGroupStatus.Paused when group.FailedComponentIndex is not null:
                    pauses?.Add(group);
                    await (choice switch
                    {
                        ManualChoice.Resume => service.ResumeAsync(groupId),
                        ManualChoice.Rollback => service.RollbackAsync(groupId),
                        _ => service.SkipAsync(groupId),
                    });
                    break;
                case RolloutGroupStatus.Pending:
                    await service.StartAsync(groupId);
                    break;
                case RolloutGroupStatus.Running or RolloutGroupStatus.Paused:
                    throw new InvalidOperationException($"The group waits unexpectedly: {Describe(group)}");
                default:
                    return group;
            }
        }

        throw new InvalidOperationException("The group did not end.");
    }

    public static string Describe(RolloutGroup group) =>
        $"group={group.Status.ToWireName()} current={group.CurrentComponentIndex} rolling_back={group.RollingBack} failed={group.FailedComponentIndex} accepted=[{string.Join(",", group.AcceptedComponents)}]";

    /// <summary>A full description of the stored end state: group, component rollouts with counters and nodes, and versions.</summary>
    public static async Task<string> DescribeAsync(IRolloutStore store, IRolloutGroupStore groups, GroupWorld world, Guid groupId)
    {
        var group = (await groups.GetGroupAsync(groupId, default))!;
        var text = new StringBuilder(Describe(group));
        for (var i = 0; i < group.ComponentOrder.Count; i++)
        {
            var rollout = await store.GetAsync(RolloutGroupPlans.ComponentRolloutId(groupId, i), default);
            if (rollout is null)
            {
                text.Append($"; c{i}: none");
                continue;
            }

            var nodes = await store.GetNodesAsync(rollout.Id, default);
            text.Append($"; c{i}: {rollout.Status.ToWireName()} t={rollout.TotalNodes} s={rollout.SucceededNodes} f={rollout.FailedNodes} rb={rollout.RolledBackNodes} p={rollout.PendingNodes} [")
                .AppendJoin(" ", nodes.Select(n => $"{n.NodeId}:{WireNames.Of(n.Status)}:a{n.AttemptCount}"))
                .Append(']');
        }

        text.Append("; versions ").AppendJoin(" ", world.Versions.OrderBy(v => v.Key.Node, StringComparer.Ordinal).ThenBy(v => v.Key.Binary, StringComparer.Ordinal).Select(v => $"{v.Key.Node}/{v.Key.Binary}={v.Value}"));
        return text.ToString();
    }
}
