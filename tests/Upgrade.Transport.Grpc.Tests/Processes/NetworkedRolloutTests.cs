namespace Upgrade.Transport.Grpc.Tests;

/// <summary>
/// A control plane and three agent processes (samples/Agent, process runtime) on loopback: rollouts created over REST,
/// an agent killed with SIGKILL mid-upgrade, and the control plane stopped during a batch.
/// </summary>
public sealed class NetworkedRolloutTests : IAsyncLifetime
{
    private static readonly TimeSpan RolloutBudget = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grpc-rollout-" + Guid.NewGuid().ToString("N"));
    private ProcessFleet _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = new ProcessFleet(_directory, 3);
        await _fleet.WriteManifestAsync();
        await _fleet.StartNodesAsync();
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Rollout_ThreeAgentProcessesOverRest_AllNodesEndOnV2()
    {
        await using var controlPlane = await _fleet.StartControlPlaneAsync();
        StartAgents(controlPlane.Port);
        using var rest = new RestClient(_fleet.Certificates, controlPlane.Port);

        var id = await rest.CreateRolloutAsync(batchSize: 2);

        (await rest.WaitForFinalAsync(id, RolloutBudget)).ShouldBe("Completed", Diagnostics());
        (await rest.GetNodesAsync(id)).Select(n => n.Status).ShouldBe(["Succeeded", "Succeeded", "Succeeded"]);
        _fleet.NodeIds.Select(_fleet.VersionOf).ShouldBe(["v2", "v2", "v2"]);
        foreach (var nodeId in _fleet.NodeIds)
        {
            File.ReadAllText(Path.Join(_fleet.RootOf(nodeId), ProcessFleet.ConfigPathInNode)).ShouldBe("max_peers = 100\n");
            AssertNoStepTwice(nodeId);
        }
    }

    [Fact]
    public async Task Rollout_AgentKilledMidUpgradeAndRestarted_CompletesWithNoStepDoneTwice()
    {
        await using var controlPlane = await _fleet.StartControlPlaneAsync();
        StartAgents(controlPlane.Port);
        using var rest = new RestClient(_fleet.Certificates, controlPlane.Port);
        var victim = _fleet.NodeIds[0];

        var id = await rest.CreateRolloutAsync(batchSize: 1);
        await WaitUntilAsync(() => _fleet.MutatingCallsOf(victim).Any(c => c.Call == "stop" && c.Completed), "the victim's agent stopped its node");
        _fleet.KillAgent(victim);
        _fleet.StartAgent(victim, controlPlane.Port);

        (await rest.WaitForFinalAsync(id, RolloutBudget)).ShouldBe("Completed", Diagnostics());
        (await rest.GetNodesAsync(id)).ShouldAllBe(n => n.Status == "Succeeded");
        _fleet.NodeIds.Select(_fleet.VersionOf).ShouldBe(["v2", "v2", "v2"]);
        _fleet.MutatingCallsOf(victim).Select(c => c.Pid).Distinct().Count().ShouldBe(2, "the upgrade must have been finished by the restarted agent");
        foreach (var nodeId in _fleet.NodeIds)
        {
            AssertNoStepTwice(nodeId);
        }
    }

    [Fact]
    public async Task Rollout_ControlPlaneStoppedDuringBatchAndRestarted_NoNodeUpgradedTwiceOrFailed()
    {
        var controlPlane = await _fleet.StartControlPlaneAsync();
        var port = controlPlane.Port;
        StartAgents(port);
        Guid id;
        using (var rest = new RestClient(_fleet.Certificates, port))
        {
            id = await rest.CreateRolloutAsync(batchSize: 2);
        }

        await WaitUntilAsync(() => _fleet.NodeIds.Any(n => _fleet.MutatingCallsOf(n).Any(c => c.Call == "stop" && c.Completed)), "a node of the first batch is being upgraded");
        await controlPlane.DisposeAsync();

        // The agents keep upgrading their nodes while the control plane is away; it comes back on the same port and database.
        await using var restarted = await _fleet.StartControlPlaneAsync(port);
        using var client = new RestClient(_fleet.Certificates, port);

        (await client.WaitForFinalAsync(id, RolloutBudget)).ShouldBe("Completed", Diagnostics());
        var nodes = await client.GetNodesAsync(id);
        nodes.ShouldAllBe(n => n.Status == "Succeeded", "the outage alone must not fail a node");
        _fleet.NodeIds.Select(_fleet.VersionOf).ShouldBe(["v2", "v2", "v2"]);
        foreach (var nodeId in _fleet.NodeIds)
        {
            AssertNoStepTwice(nodeId);
        }
    }

    private void StartAgents(int port)
    {
        foreach (var nodeId in _fleet.NodeIds)
        {
            _fleet.StartAgent(nodeId, port);
        }
    }

    /// <summary>
    /// Every mutating step of the forward upgrade ran on the node and completed at most once, whatever was interrupted.
    /// A call that an agent began but did not finish can only be the last call of a killed agent; whether its side effect
    /// happened is for the restarted agent's executor to find out, so such a step is either repeated or skipped.
    /// </summary>
    private void AssertNoStepTwice(string nodeId)
    {
        var calls = _fleet.MutatingCallsOf(nodeId);
        var description = $"{nodeId}: {string.Join(", ", calls.Select(c => $"{c.Call} {c.Target}{(c.Completed ? string.Empty : " (killed)")} [{c.Pid}]"))}";
        foreach (var step in new[] { "stop", "install", "write_config", "start" })
        {
            calls.Count(c => c.Call == step).ShouldBeGreaterThanOrEqualTo(1, $"{step} never ran on {description}");
            calls.Count(c => c.Call == step && c.Completed).ShouldBeLessThanOrEqualTo(1, $"{step} completed twice on {description}");
        }

        var lastPid = calls[^1].Pid;
        foreach (var interrupted in calls.Where(c => !c.Completed))
        {
            interrupted.Pid.ShouldNotBe(lastPid, $"only a killed agent leaves a call unfinished: {description}");
            calls.Last(c => c.Pid == interrupted.Pid).ShouldBeSameAs(interrupted, $"a killed agent's unfinished call is its last: {description}");
        }

        calls.ShouldNotContain(c => c.Call == "restore", $"nothing may have been compensated: {description}");
    }

    private string Diagnostics() => string.Join(
        "\n",
        _fleet.NodeIds.Select(n => $"--- {n} ({_fleet.VersionOf(n)}): {string.Join(", ", _fleet.MutatingCallsOf(n).Select(c => c.Completed ? c.Call : c.Call + " (killed)"))}\n{Tail(_fleet.AgentOutput(n))}"));

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting until {what}.\n{Diagnostics()}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
