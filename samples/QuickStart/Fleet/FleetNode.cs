using System.Net.Http.Json;
using Upgrade;
using Upgrade.Executor;
using Upgrade.Samples.ProcessRuntime;

namespace QuickStart.Fleet;

/// <summary>One local node: its directory (a small root file system), its process runtime and its agent.</summary>
internal sealed class FleetNode
{
    public required string Id { get; init; }

    public required string Root { get; init; }

    public required int Port { get; init; }

    public required ProcessRuntimeAdapter Runtime { get; init; }

    public required IUpgradeAgent Agent { get; init; }

    public string InstallTarget => Path.Combine(Root, "bin", "node");

    public static string ConfigPathInNode => "/etc/quickstart/node.toml";

    public string ConfigPath => Path.Join(Root, ConfigPathInNode);

    /// <summary>Asks the node's health endpoint for its version; <see langword="null"/> when it does not answer.</summary>
    public async Task<NodeReport?> ProbeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetFromJsonAsync<NodeReport>($"http://127.0.0.1:{Port}/health", cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>What a node's health endpoint reports.</summary>
internal sealed record NodeReport(string Version, string Status, string Config);
