using System.Text.Json;
using QuickStart.Fleet;
using QuickStart.Rollout;
using Spectre.Console;
using Upgrade.Orchestration;

namespace QuickStart.View;

/// <summary>
/// What the user sees: a live progress bar and node table on a terminal, plain lines when the output is redirected,
/// and nothing but the JSON summary with <c>--json</c>.
/// </summary>
internal sealed class QuickStartView
{
    private readonly bool _json;
    private readonly bool _interactive;

    private QuickStartView(bool json, bool interactive)
    {
        _json = json;
        _interactive = interactive;
    }

    public static QuickStartView Create(QuickStartOptions options)
        => new(options.Json, !options.Json && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected);

    public void Say(string message)
    {
        if (!_json)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        }
    }

    public LiveRollout StartLive(RolloutService service, LocalFleet fleet, Guid rolloutId)
        => new(this, service, fleet, rolloutId);

    public void ShowSummary(Summary summary)
    {
        if (_json)
        {
            Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        if (summary.AlreadyUpgraded)
        {
            AnsiConsole.MarkupLine($"[green]All {summary.Nodes.Count} nodes already run v2: nothing to upgrade.[/] Every upgrade is idempotent; running again changes nothing.");
            return;
        }

        var table = new Table().Title($"Rollout {summary.RolloutId} ({summary.Strategy}): {summary.Status}")
            .AddColumns("node", "batch", "status", "version", "seconds", "error");
        foreach (var node in summary.Nodes)
        {
            table.AddRow(node.NodeId, node.Batch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", Colour(node.Status), node.Version ?? "down", node.Seconds?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-", Markup.Escape(node.Error ?? string.Empty));
        }

        AnsiConsole.Write(table);
        var phases = new Table().Title("Time spent per phase (all nodes)").AddColumns("phase", "seconds");
        foreach (var (phase, seconds) in summary.PhaseSeconds.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            phases.AddRow(phase, seconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(phases);
        AnsiConsole.MarkupLine($"Total time: [bold]{summary.TotalSeconds:0.0} s[/]");
    }

    internal static string Colour(string status) => status switch
    {
        "succeeded" => "[green]succeeded[/]",
        "failed" or "failed_rollback" => $"[red]{status}[/]",
        "rolled_back" => "[yellow]rolled_back[/]",
        "in_progress" => "[blue]in_progress[/]",
        _ => status,
    };

    /// <summary>Redraws the rollout from the store a few times a second until stopped.</summary>
    internal sealed class LiveRollout : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LiveRollout(QuickStartView view, RolloutService service, LocalFleet fleet, Guid rolloutId)
        {
            _loop = view._json ? Task.CompletedTask
                : view._interactive ? Task.Run(() => LiveAsync(service, rolloutId, _stop.Token))
                : Task.Run(() => LinesAsync(service, rolloutId, _stop.Token));
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public void Dispose() => _stop.Dispose();

        private static async Task LiveAsync(RolloutService service, Guid rolloutId, CancellationToken stop)
        {
            var table = new Table().Expand();
            await AnsiConsole.Live(table).AutoClear(false).StartAsync(async context =>
            {
                while (true)
                {
                    var rollout = await service.GetAsync(rolloutId, CancellationToken.None);
                    var nodes = await service.GetNodesAsync(rolloutId, CancellationToken.None);
                    Render(table, rollout!, nodes);
                    context.Refresh();
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(200, stop);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }

        private static async Task LinesAsync(RolloutService service, Guid rolloutId, CancellationToken stop)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                foreach (var node in await service.GetNodesAsync(rolloutId, CancellationToken.None))
                {
                    var status = JsonSerializer.Serialize(node.Status).Trim('"');
                    var phase = node.UpgradePhase is { } p ? JsonSerializer.Serialize(p).Trim('"') : "-";
                    var line = $"{node.NodeId}: batch {node.BatchIndex}, {status}, phase {phase}";
                    if (!seen.TryGetValue(node.NodeId, out var previous) || previous != line)
                    {
                        seen[node.NodeId] = line;
                        Console.WriteLine(line);
                    }
                }

                if (stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await Task.Delay(200, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        private static void Render(Table table, Upgrade.Orchestration.Rollout rollout, IReadOnlyList<RolloutNode> nodes)
        {
            table.Rows.Clear();
            if (table.Columns.Count == 0)
            {
                table.AddColumns("node", "batch", "status", "phase", "error");
            }

            var done = rollout.SucceededNodes + rollout.FailedNodes;
            var width = 40;
            var filled = rollout.TotalNodes == 0 ? 0 : done * width / rollout.TotalNodes;
            var bar = $"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/]";
            var heading = Markup.Escape($"{rollout.Strategy} rollout {rollout.SourceVersion} -> {rollout.TargetVersion}: {rollout.Status}");
            var progress = Markup.Escape($"{done}/{rollout.TotalNodes} nodes, batch {Math.Min(rollout.CurrentBatch + 1, Math.Max(1, rollout.BatchCount))}/{rollout.BatchCount}");
            table.Title = new TableTitle($"{heading}  {bar} {progress}");
            foreach (var node in nodes.OrderBy(n => n.BatchIndex).ThenBy(n => n.NodeId, StringComparer.Ordinal))
            {
                var status = JsonSerializer.Serialize(node.Status).Trim('"');
                var phase = node.UpgradePhase is { } p ? JsonSerializer.Serialize(p).Trim('"') : "-";
                table.AddRow(node.NodeId, node.BatchIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), Colour(status), phase, Markup.Escape(node.ErrorMessage ?? string.Empty));
            }
        }
    }
}
