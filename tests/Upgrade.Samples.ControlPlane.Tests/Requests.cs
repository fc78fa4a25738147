using System.Net.Http.Json;
using System.Text.Json;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>Request bodies and JSON helpers.</summary>
internal static class Requests
{
    public const string Checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
    public const string ManifestHash = "sha256:00000000000000000000000000000000000000000000000000000000000000aa";

    public static object ManualRollout(string chain = "chain-a", string target = "v2", string? createdBy = null) => new Dictionary<string, object?>
    {
        ["chain_profile_id"] = chain,
        ["node_type"] = "full",
        ["binary_name"] = "node",
        ["source_version"] = "v1",
        ["target_version"] = target,
        ["target_binary_url"] = "https://releases.test/node-" + target,
        ["target_binary_checksum"] = Checksum,
        ["manifest_content_hash"] = ManifestHash,
        ["strategy"] = "rolling",
        ["batch_size"] = 2,
        ["health_wait_seconds"] = 1,
        ["created_by"] = createdBy,
    };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<Guid> CreateRolloutAsync(this HttpClient client, string chain = "chain-a")
    {
        var response = await client.PostJsonAsync("/api/v1/rollouts", ManualRollout(chain));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
