using System.CommandLine;
using QuickStart.Node;
using QuickStart.Rollout;
using Upgrade.Orchestration;

// The quick start: a staged upgrade of a small local fleet, on embedded defaults (no root, no systemd, no Docker, no
// database server). `dotnet run --project samples/QuickStart -- --help` lists the options.
var nodes = new Option<int>("--nodes") { Description = "How many local nodes to start.", DefaultValueFactory = _ => 8 };
var strategy = new Option<string>("--strategy") { Description = "rolling, canary or all-at-once.", DefaultValueFactory = _ => "canary" };
strategy.AcceptOnlyFromAmong("rolling", "canary", "all-at-once");
var batchSize = new Option<int>("--batch-size") { Description = "Nodes upgraded at once in a rolling batch.", DefaultValueFactory = _ => 2 };
var failNode = new Option<int?>("--fail-node") { Description = "Make v2 crash at start on node N (1-based) to watch compensation and the failure threshold." };
var onFailure = new Option<string>("--on-failure") { Description = "What to do when the rollout pauses on failures: resume or rollback.", DefaultValueFactory = _ => "resume" };
onFailure.AcceptOnlyFromAmong("resume", "rollback");
var stateDir = new Option<string>("--state-dir") { Description = "Where nodes, agent state and the rollout database live.", DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, ".quickstart") };
var json = new Option<bool>("--json") { Description = "Print only a machine-readable summary." };

var root = new RootCommand("Upgrade SDK quick start: a canary rollout of v1 -> v2 over a local fleet.")
{
    nodes, strategy, batchSize, failNode, onFailure, stateDir, json,
};
root.SetAction((parse, cancellationToken) =>
{
    var count = parse.GetValue(nodes);
    var problem = count is < 1 or > 64 ? "--nodes must be between 1 and 64."
        : parse.GetValue(batchSize) < 1 ? "--batch-size must be at least 1."
        : parse.GetValue(failNode) is { } n && (n < 1 || n > count) ? "--fail-node must name one of the nodes, from 1 to --nodes."
        : null;
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        return Task.FromResult(2);
    }

    return QuickStartRun.RunAsync(
    new QuickStartOptions
    {
        Nodes = count,
        Strategy = parse.GetValue(strategy) switch { "rolling" => RolloutStrategy.Rolling, "all-at-once" => RolloutStrategy.AllAtOnce, _ => RolloutStrategy.Canary },
        BatchSize = parse.GetValue(batchSize),
        FailNode = parse.GetValue(failNode),
        RollbackOnFailure = parse.GetValue(onFailure) == "rollback",
        StateDirectory = Path.GetFullPath(parse.GetValue(stateDir)!),
        Json = parse.GetValue(json),
    },
    cancellationToken);
});

// The sample node program itself: the v1 and v2 launcher scripts run `QuickStart node --version vN`.
var version = new Option<string>("--version") { Required = true };
var config = new Option<string>("--config") { Required = true };
var port = new Option<int>("--port") { Required = true };
var node = new Command("node", "Run one sample node (used by the node binaries).") { version, config, port };
node.Hidden = true;
node.SetAction((parse, cancellationToken) => SampleNode.RunAsync(parse.GetValue(version)!, parse.GetValue(config)!, parse.GetValue(port), cancellationToken));
root.Subcommands.Add(node);

return await root.Parse(args).InvokeAsync();
