using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>The control-plane service sample in networked-agents mode, driving three agent processes over REST.</summary>
public sealed class ControlPlaneServiceTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grpc-service-" + Guid.NewGuid().ToString("N"));
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
    public async Task Rollout_CreatedOverControlPlaneRest_ThreeNetworkedAgentsEndOnV2()
    {
        var apiKey = "upk_" + AgentCredentials.CreateToken();
        var state = Directory.CreateDirectory(Path.Combine(_directory, "control-plane")).FullName;
        using var controlPlane = new ControlPlaneServiceProcess(_fleet, state, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))));
        foreach (var nodeId in _fleet.NodeIds)
        {
            _fleet.StartAgent(nodeId, controlPlane.AgentPort);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPlane.ApiPort}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        await WaitUntilAnsweringAsync(http, controlPlane);

        var request = new Dictionary<string, object>
        {
            ["upgrade_id"] = ProcessFleet.UpgradeId,
            ["chain_profile_id"] = ProcessFleet.ChainProfileId,
            ["node_type"] = ProcessFleet.NodeType,
            ["source_version"] = "v1",
            ["strategy"] = "rolling",
            ["batch_size"] = 2,
            ["failure_threshold"] = 0.5,
            ["health_wait_seconds"] = 1,
        };
        var id = await StartRolloutAsync(http, request);

        var status = await WaitForFinalAsync(http, id);

        status.ShouldBe("completed", controlPlane.Output);
        using var nodes = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/rollouts/{id}/nodes"));
        nodes.RootElement.EnumerateArray().Select(n => n.GetProperty("status").GetString()).ShouldBe(["succeeded", "succeeded", "succeeded"]);
        _fleet.NodeIds.Select(_fleet.VersionOf).ShouldBe(["v2", "v2", "v2"]);

        // The inventory now takes the release each agent reported over its configured v1: a second rollout to v2 finds
        // every node on v2 already and touches none.
        var again = await StartRolloutAsync(http, request);
        (await WaitForFinalAsync(http, again)).ShouldBe("completed", controlPlane.Output);
        using var skipped = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/rollouts/{again}/nodes"));
        skipped.RootElement.EnumerateArray().Select(n => (n.GetProperty("status").GetString(), n.GetProperty("previous_version").GetString()))
            .ShouldBe([("skipped", "v2"), ("skipped", "v2"), ("skipped", "v2")]);
        _fleet.NodeIds.Select(_fleet.VersionOf).ShouldBe(["v2", "v2", "v2"]);
    }

    private static async Task<Guid> StartRolloutAsync(HttpClient http, Dictionary<string, object> request)
    {
        var created = await http.PostAsJsonAsync("/api/v1/rollouts", request);
        var body = await created.Content.ReadAsStringAsync();
        created.IsSuccessStatusCode.ShouldBeTrue(body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        var started = await http.PostAsync($"/api/v1/rollouts/{id}/start", null);
        started.IsSuccessStatusCode.ShouldBeTrue(await started.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task WaitUntilAnsweringAsync(HttpClient http, ControlPlaneServiceProcess controlPlane)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/live", timeout.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The control plane did not answer:\n" + controlPlane.Output);
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<string?> WaitForFinalAsync(HttpClient http, Guid id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? status = null;
        while (!timeout.IsCancellationRequested)
        {
            using var rollout = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/rollouts/{id}"));
            status = rollout.RootElement.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled" or "paused")
            {
                return status;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        return status;
    }
}
