using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>The control plane's REST API, over HTTPS trusting the test CA.</summary>
internal sealed class RestClient : IDisposable
{
    private readonly HttpClient _http;

    public RestClient(TestCertificates certificates, int port)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(certificates.Ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task<Guid> CreateRolloutAsync(int batchSize)
    {
        var response = await _http.PostAsJsonAsync("/rollouts", new
        {
            upgradeId = ProcessFleet.UpgradeId,
            chainProfileId = ProcessFleet.ChainProfileId,
            nodeType = ProcessFleet.NodeType,
            sourceVersion = "v1",
            strategy = "rolling",
            batchSize,
            failureThreshold = 0.5,
            healthWaitDuration = "00:00:01",
            createdBy = "grpc-tests",
        });
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return (await response.Content.ReadFromJsonAsync<RolloutView>())!.Id;
    }

    public async Task<string?> TryGetStatusAsync(Guid id)
    {
        try
        {
            return (await _http.GetFromJsonAsync<RolloutView>($"/rollouts/{id}"))?.Status;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<NodeView>> GetNodesAsync(Guid id) =>
        (await _http.GetFromJsonAsync<List<NodeView>>($"/rollouts/{id}/nodes"))!;

    /// <summary>Waits until the rollout is final (or the budget runs out) and returns its status.</summary>
    public async Task<string?> WaitForFinalAsync(Guid id, TimeSpan budget)
    {
        using var timeout = new CancellationTokenSource(budget);
        string? status = null;
        while (!timeout.IsCancellationRequested)
        {
            status = await TryGetStatusAsync(id);
            if (status is "Completed" or "Failed" or "Cancelled" or "Paused")
            {
                return status;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        return status;
    }

    public void Dispose() => _http.Dispose();
}
