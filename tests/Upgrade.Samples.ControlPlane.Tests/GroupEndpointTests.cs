using System.Net;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>The rollout group endpoints over RolloutGroupService.</summary>
public sealed class GroupEndpointTests : IAsyncLifetime
{
    private ControlPlaneTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Dictionary<string, object?> Group(string? policy = "partial_ok") => new()
    {
        ["chain_profile_id"] = "chain-a",
        ["failure_policy"] = policy,
        ["desired_versions"] = new Dictionary<string, string> { ["geth"] = "1.14.0", ["lighthouse"] = "5.2.0" },
        ["component_order"] = new object[]
        {
            Component(0, "geth", "1.13.0"),
            Component(1, "lighthouse", "5.1.0"),
        },
    };

    private static Dictionary<string, object?> Component(int index, string binary, string source) => new()
    {
        ["component_index"] = index,
        ["binary_name"] = binary,
        ["node_type"] = "full",
        ["source_version"] = source,
        ["target_binary_url"] = $"https://releases.test/{binary}",
        ["target_binary_checksum"] = Requests.Checksum,
        ["manifest_content_hash"] = Requests.ManifestHash,
        ["health_wait_seconds"] = 1,
    };

    [Fact]
    public async Task CreateGetStatusStartCancel_Work()
    {
        var admin = _host.Admin();

        var created = await admin.PostJsonAsync("/api/v1/rollout-groups", Group(), "group-key");
        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var group = await created.JsonAsync();
        var id = group.GetProperty("id").GetGuid();
        group.GetProperty("created_by").GetString().ShouldBe("ops-admin");
        group.GetProperty("failure_policy").GetString().ShouldBe("partial_ok");
        group.GetProperty("components").GetArrayLength().ShouldBe(2);

        var replay = await admin.PostJsonAsync("/api/v1/rollout-groups", Group(), "group-key");
        (await replay.Content.ReadAsStringAsync()).ShouldBe(body);

        var status = await (await admin.GetAsync($"/api/v1/rollout-groups/{id}/status")).JsonAsync();
        status.GetProperty("status").GetString().ShouldBe("pending");
        status.GetProperty("components")[1].GetProperty("binary_name").GetString().ShouldBe("lighthouse");
        status.GetProperty("components")[1].GetProperty("target_version").GetString().ShouldBe("5.2.0");
        (await admin.GetAsync($"/api/v1/rollout-groups/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostAsync($"/api/v1/rollout-groups/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var pause = await admin.PostAsync($"/api/v1/rollout-groups/{id}/pause", null);
        pause.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await pause.JsonAsync()).GetProperty("state").GetString().ShouldBe("pending");
        (await admin.PostAsync($"/api/v1/rollout-groups/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Create_WithoutFailurePolicy_IsRule9()
    {
        var response = await _host.Admin().PostJsonAsync("/api/v1/rollout-groups", Group(policy: null));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().ToList();
        errors.ShouldContain(e => e.GetProperty("field").GetString() == "failure_policy" && e.GetProperty("rule_number").GetInt32() == 9);
    }

    [Fact]
    public async Task UnknownGroup_Is404()
    {
        var id = Guid.NewGuid();
        (await _host.Admin().GetAsync($"/api/v1/rollout-groups/{id}/status")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.Admin().PostAsync($"/api/v1/rollout-groups/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
