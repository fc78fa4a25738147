using System.Text;
using Upgrade.CrashMatrix.ControlPlaneHost;
using Upgrade.Orchestration;

namespace Upgrade.CrashMatrix.Tests;

/// <summary>One scenario run of the control-plane host: a strategy and the writes after which it is killed.</summary>
internal sealed record ControlPlaneCase(string Strategy, string Kind, IReadOnlyList<int> KillAt)
{
    public string Name => $"{Strategy}/{Kind}@{string.Join(',', KillAt)}";
}

/// <summary>What a scenario ended with, as read from the control database and the node logs after the last run.</summary>
internal sealed record ControlPlaneEnd(
    ControlPlaneCase Case,
    int Runs,
    int Kills,
    int Writes,
    string Signature,
    IReadOnlyDictionary<string, int> MutationsPerNode,
    IReadOnlyList<string> Repeated,
    IReadOnlyList<string> RepeatedByDesign,
    IReadOnlyList<string> BatchProblems,
    IReadOnlyList<string> CounterProblems,
    string LastOutput);

/// <summary>Runs a scenario to its end, killing the host at its points and restarting it with the same arguments.</summary>
internal static class ControlPlaneRunner
{
    public static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "Upgrade.CrashMatrix.ControlPlaneHost.dll");

    public static async Task<ControlPlaneEnd> RunAsync(ControlPlaneCase scenario, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cp-crash-").FullName;
        try
        {
            string[] arguments = scenario.KillAt.Count == 0
                ? ["--dir", directory, "--strategy", scenario.Strategy]
                : ["--dir", directory, "--strategy", scenario.Strategy, "--kill", string.Join(',', scenario.KillAt)];
            int runs = 0, kills = 0;
            HostRun run;
            do
            {
                runs++;
                if (runs > scenario.KillAt.Count + 1)
                {
                    throw new InvalidOperationException($"{scenario.Name}: the host was killed more often than armed.");
                }

                run = await HostProcess.RunAsync(HostDll, arguments, cancellationToken: cancellationToken);
                kills += run.Killed ? 1 : 0;
            }
            while (run.Killed);

            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"{scenario.Name}: the host exited with {run.ExitCode}:\n{run.Output}");
            }

            var writes = int.Parse(run.Output.Split('\n').Single(l => l.StartsWith("writes ", StringComparison.Ordinal))["writes ".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return await InspectAsync(scenario, directory, runs, kills, writes, run.Output, cancellationToken);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory does not change the verdict.
            }
        }
    }

    /// <summary>
    /// Whether the executor repeats a step by design: a daemon reload leaves nothing to observe, so its action always
    /// runs again when the agent dies between the reload and its checkpoint.
    /// </summary>
    public static bool IsRepeatable(string step) => step == "reload";

    /// <summary>Whether an upgrade id is a node's forward attempt, the revert of an unhealthy node, or a rollback.</summary>
    private static string KindOf(string upgradeId) =>
        upgradeId.EndsWith("-revert", StringComparison.Ordinal) ? "revert"
        : upgradeId.EndsWith("-rollback", StringComparison.Ordinal) ? "rollback"
        : "forward";

    private static async Task<ControlPlaneEnd> InspectAsync(ControlPlaneCase scenario, string directory, int runs, int kills, int writes, string output, CancellationToken cancellationToken)
    {
        var store = new SqliteRolloutStore(Scenario.DatabaseOf(directory));
        var rollout = (await store.ListAsync(activeOnly: false, cancellationToken)).Single();
        var nodes = (await store.GetNodesAsync(rollout.Id, cancellationToken)).OrderBy(n => n.NodeId, StringComparer.Ordinal).ToList();
        var logs = nodes.ToDictionary(n => n.NodeId, n => NodeLog.Read(Scenario.NodeDirectoryOf(directory, n.NodeId)), StringComparer.Ordinal);

        // The end: the rollout's status and each node's status and the version its runtime carries.
        var signature = new StringBuilder().Append(rollout.Status);
        foreach (var node in nodes)
        {
            var installed = logs[node.NodeId].LastOrDefault(e => e.Step == "install")?.Argument ?? Scenario.SourceChecksum;
            var version = installed == Scenario.TargetChecksum ? Scenario.TargetVersion : installed == Scenario.SourceChecksum ? Scenario.SourceVersion : "?";
            signature.Append(';').Append(node.NodeId).Append('=').Append(node.Status).Append('/').Append(version);
        }

        // Each mutating step at most once per upgrade id, and at most one upgrade that mutates per node.
        var repeated = new List<string>();
        var repeatedByDesign = new List<string>();
        foreach (var (nodeId, entries) in logs)
        {
            foreach (var group in entries.GroupBy(e => (e.UpgradeId, e.Step, e.Argument)).Where(g => g.Count() > 1))
            {
                (IsRepeatable(group.Key.Step) ? repeatedByDesign : repeated).Add($"{nodeId}: {group.Key.Step} {group.Key.Argument} x{group.Count()} for {group.Key.UpgradeId}");
            }

            // A node gets one forward upgrade; a revert (failed health) or a rollback is a second upgrade by design.
            foreach (var kind in entries.Select(e => e.UpgradeId).Distinct(StringComparer.Ordinal).GroupBy(KindOf).Where(k => k.Count() > 1))
            {
                repeated.Add($"{nodeId}: mutated by {kind.Count()} {kind.Key} upgrades ({string.Join(", ", kind)})");
            }
        }

        // Batch k ends (rows and forward runtime effects) before batch k+1 starts. A rollback rewrites the rows of the
        // nodes it rolls back later, so only the runtime effects are compared for a rolled-back rollout.
        var batchProblems = new List<string>();
        var forward = logs.ToDictionary(l => l.Key, l => l.Value.Where(e => KindOf(e.UpgradeId) == "forward").ToList(), StringComparer.Ordinal);
        var batches = nodes.GroupBy(n => n.BatchIndex).OrderBy(g => g.Key).ToList();
        for (var k = 0; k + 1 < batches.Count; k++)
        {
            var done = batches[k].ToList();
            var next = batches[k + 1].ToList();
            var lastEffect = done.SelectMany(n => forward[n.NodeId]).Select(e => e.Ticks).DefaultIfEmpty(0).Max();
            var firstEffect = next.SelectMany(n => forward[n.NodeId]).Select(e => e.Ticks).DefaultIfEmpty(long.MaxValue).Min();
            if (firstEffect < lastEffect)
            {
                batchProblems.Add($"batch {next[0].BatchIndex} changed a node before batch {done[0].BatchIndex} finished changing its nodes");
            }

            var lastCompleted = done.Select(n => n.CompletedAt).Max();
            var firstStarted = next.Where(n => n.StartedAt is not null).Select(n => n.StartedAt).Min();
            if (rollout.Status != RolloutStatus.RolledBack && firstStarted is not null && (lastCompleted is null || firstStarted < lastCompleted))
            {
                batchProblems.Add($"batch {next[0].BatchIndex} started at {firstStarted:O} before batch {done[0].BatchIndex} completed at {lastCompleted:O}");
            }
        }

        var counterProblems = new List<string>();
        void Expect(string name, int stored, int counted)
        {
            if (stored != counted)
            {
                counterProblems.Add($"{name}: stored {stored}, nodes say {counted}");
            }
        }

        Expect("total", rollout.TotalNodes, nodes.Count);
        Expect("succeeded", rollout.SucceededNodes, nodes.Count(n => n.Status == NodeUpgradeStatus.Succeeded));
        Expect("failed", rollout.FailedNodes, nodes.Count(n => n.Status is NodeUpgradeStatus.Failed or NodeUpgradeStatus.FailedRollback));
        Expect("pending", rollout.PendingNodes, nodes.Count(n => n.Status is NodeUpgradeStatus.Pending or NodeUpgradeStatus.InProgress));
        Expect("rolled back", rollout.RolledBackNodes, nodes.Count(n => n.Status == NodeUpgradeStatus.RolledBack));

        return new ControlPlaneEnd(
            scenario,
            runs,
            kills,
            writes,
            signature.ToString(),
            logs.ToDictionary(l => l.Key, l => l.Value.Count(e => !IsRepeatable(e.Step)), StringComparer.Ordinal),
            repeated,
            repeatedByDesign,
            batchProblems,
            counterProblems,
            output);
    }
}
