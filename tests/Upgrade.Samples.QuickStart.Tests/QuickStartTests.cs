using System.Diagnostics;
using System.Text.Json;

namespace Upgrade.Samples.QuickStart.Tests;

/// <summary>Runs the quick start headless (<c>--json</c>) as a child process and checks the outcome per node.</summary>
public sealed class QuickStartTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("quickstart-test-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public async Task QuickStart_CanaryRollout_UpgradesEveryNodeAndASecondRunChangesNothing()
    {
        var (exitCode, summary) = await RunAsync("--nodes", "4", "--batch-size", "2");

        exitCode.ShouldBe(0);
        summary.GetProperty("status").GetString().ShouldBe("completed");
        summary.GetProperty("strategy").GetString().ShouldBe("canary");
        var nodes = Nodes(summary);
        nodes.Count.ShouldBe(4);
        nodes.ShouldAllBe(n => n.Status == "succeeded" && n.Version == "v2");
        nodes.Count(n => n.Batch == 0).ShouldBe(1, "the canary batch holds one node");
        summary.GetProperty("phase_seconds").EnumerateObject().Select(p => p.Name).ShouldBe(["PREPARING", "STOPPED", "MUTATING", "STARTING", "VERIFYING"], ignoreOrder: true);
        File.Exists(Path.Combine(_stateDirectory, "rollouts.db")).ShouldBeTrue("the state directory holds the rollout's history");

        var (secondExit, second) = await RunAsync("--nodes", "4", "--batch-size", "2");

        secondExit.ShouldBe(0);
        second.GetProperty("status").GetString().ShouldBe("already_upgraded");
        Nodes(second).ShouldAllBe(n => n.Version == "v2");
    }

    [Fact]
    public async Task QuickStart_FailingNodeWithResume_CompensatesThatNodeAndUpgradesTheRest()
    {
        var (exitCode, summary) = await RunAsync("--nodes", "4", "--strategy", "rolling", "--batch-size", "2", "--fail-node", "3");

        exitCode.ShouldBe(0);
        var nodes = Nodes(summary);
        var failed = nodes.Single(n => n.NodeId == "node-3");
        failed.Status.ShouldBe("failed");
        failed.Version.ShouldBe("v1", "compensation restored v1 on the failing node, and it runs again");
        failed.Error.ShouldNotBeNull().ShouldContain("start_node");
        nodes.Where(n => n.NodeId != "node-3").ShouldAllBe(n => n.Status == "succeeded" && n.Version == "v2");
    }

    [Fact]
    public async Task QuickStart_FailingNodeWithRollback_ReturnsEveryNodeToV1()
    {
        var (exitCode, summary) = await RunAsync("--nodes", "4", "--strategy", "rolling", "--batch-size", "2", "--fail-node", "3", "--on-failure", "rollback");

        exitCode.ShouldBe(0);
        summary.GetProperty("status").GetString().ShouldBe("rolled_back");
        var nodes = Nodes(summary);
        nodes.ShouldAllBe(n => n.Version == "v1");
        nodes.Single(n => n.NodeId == "node-3").Status.ShouldBe("failed");
        nodes.Where(n => n.NodeId is "node-1" or "node-2").ShouldAllBe(n => n.Status == "rolled_back");
    }

    [Fact]
    public async Task QuickStart_ForPeople_PrintsProgressLinesAndTheSummaryTables()
    {
        var (exitCode, output) = await RunRawAsync(json: false, "--nodes", "2", "--strategy", "all-at-once", "--fail-node", "2");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("node-1: batch 0, succeeded");
        output.ShouldContain("node-2: batch 0, failed");
        output.ShouldContain("Time spent per phase");
        output.ShouldContain("Total time:");
    }

    private async Task<(int ExitCode, JsonElement Summary)> RunAsync(params string[] arguments)
    {
        var (exitCode, text) = await RunRawAsync(json: true, arguments);
        text.ShouldStartWith("{", customMessage: "stdout must be the JSON summary, not: " + text);
        return (exitCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(int ExitCode, string Output)> RunRawAsync(bool json, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QuickStart.dll"));
        if (json)
        {
            start.ArgumentList.Add("--json");
        }

        start.ArgumentList.Add("--state-dir");
        start.ArgumentList.Add(_stateDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The quick start did not finish within 3 minutes: " + await errors);
        }

        await errors;
        return (process.ExitCode, await output);
    }

    private static List<NodeLine> Nodes(JsonElement summary) =>
    [
        .. summary.GetProperty("nodes").EnumerateArray().Select(n => new NodeLine(
            n.GetProperty("node_id").GetString()!,
            n.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Number ? batch.GetInt32() : null,
            n.GetProperty("status").GetString()!,
            n.GetProperty("version").GetString(),
            n.GetProperty("error").GetString())),
    ];

    private sealed record NodeLine(string NodeId, int? Batch, string Status, string? Version, string? Error);
}
