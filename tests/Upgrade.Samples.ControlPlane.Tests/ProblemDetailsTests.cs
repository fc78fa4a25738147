using System.Net;
using System.Text.Json;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>Errors are RFC 7807 problem details: every broken rule with field and rule number, and 409s that name the state.</summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private ControlPlaneTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_BreakingSeveralRules_ListsEveryViolationWithFieldAndRule()
    {
        var body = new Dictionary<string, object?>
        {
            ["chain_profile_id"] = "chain-docker",
            ["node_type"] = "full",
            ["binary_name"] = "node",
            ["source_version"] = "v2",
            ["target_version"] = "v2",
            ["target_binary_url"] = "registry.test/node:latest",
            ["target_binary_checksum"] = "abc",
            ["manifest_content_hash"] = "nope",
            ["strategy"] = "rolling",
        };

        var response = await _host.Admin().PostJsonAsync("/api/v1/rollouts", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("type").GetString().ShouldBe("urn:upgrade:problem:validation");
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (Field: e.GetProperty("field").GetString(), Rule: e.GetProperty("rule").GetString(), Number: e.GetProperty("rule_number")))
            .ToList();
        errors.ShouldContain(e => e.Field == "target_binary_checksum" && e.Rule == "rule-2" && e.Number.GetInt32() == 2);
        errors.ShouldContain(e => e.Field == "target_binary_url" && e.Rule == "rule-3" && e.Number.GetInt32() == 3);
        errors.ShouldContain(e => e.Field == "target_version" && e.Rule == "rule-4" && e.Number.GetInt32() == 4);
        errors.ShouldContain(e => e.Field == "manifest_content_hash" && e.Rule == "rule-6" && e.Number.GetInt32() == 6);
        (await (await _host.Admin().GetAsync("/api/v1/rollouts")).JsonAsync()).GetArrayLength().ShouldBe(0, "a rejected creation stores nothing");
    }

    [Fact]
    public async Task Create_WithMissingFields_NamesEachRequiredField()
    {
        var response = await _host.Admin().PostJsonAsync("/api/v1/rollouts", new Dictionary<string, object?>());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.ShouldContain("chain_profile_id");
        fields.ShouldContain("node_type");
        fields.ShouldContain("source_version");
        fields.ShouldContain("target_binary_url");
    }

    [Fact]
    public async Task Create_SecondActiveRolloutOnAChain_IsRule5()
    {
        var admin = _host.Admin();
        await admin.CreateRolloutAsync();

        var response = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(target: "v3"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await response.JsonAsync()).GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("field").GetString().ShouldBe("chain_profile_id");
        error.GetProperty("rule_number").GetInt32().ShouldBe(5);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("rollback")]
    [InlineData("approve-canary")]
    public async Task Signal_TheStateDoesNotAllow_Is409NamingTheState(string signal)
    {
        var admin = _host.Admin();
        var id = await admin.CreateRolloutAsync();

        var response = await admin.PostAsync($"/api/v1/rollouts/{id}/{signal}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("state").GetString().ShouldBe("pending");
        problem.GetProperty("signal").GetString().ShouldBe(signal.Replace('-', '_'));
        problem.GetProperty("title").GetString().ShouldNotBeNull().ShouldContain("pending");
    }

    [Fact]
    public async Task Signal_AfterCancel_Is409NamingCancelled()
    {
        var admin = _host.Admin();
        var id = await admin.CreateRolloutAsync();
        (await admin.PostAsync($"/api/v1/rollouts/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await admin.PostAsync($"/api/v1/rollouts/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted, "a pending rollout may still be started; the engine applies the signals in order");

        var retry = await admin.PostAsync($"/api/v1/rollouts/{id}/nodes/node-1/retry", null);

        retry.StatusCode.ShouldBe(HttpStatusCode.NotFound, "the rollout has no node-1");
        (await retry.JsonAsync()).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("node-1");
    }

    [Fact]
    public async Task UnknownRollout_Is404ProblemForReadsAndSignals()
    {
        var admin = _host.Admin();
        var id = Guid.NewGuid();

        foreach (var response in new[] { await admin.GetAsync($"/api/v1/rollouts/{id}"), await admin.GetAsync($"/api/v1/rollouts/{id}/nodes"), await admin.PostAsync($"/api/v1/rollouts/{id}/pause", null) })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.JsonAsync()).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(id.ToString());
        }
    }

    [Fact]
    public async Task MalformedJson_IsAProblemNotACrash()
    {
        var response = await _host.Admin().PostAsync("/api/v1/rollouts", new StringContent("{\"strategy\": \"sideways\"", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Get_ReturnsSnakeCaseFieldsAndTheAuthenticatedCreator()
    {
        var admin = _host.Admin();
        var created = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(createdBy: "someone-else"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/rollouts/{id}");

        var rollout = await (await admin.GetAsync($"/api/v1/rollouts/{id}")).JsonAsync();

        rollout.GetProperty("created_by").GetString().ShouldBe("ops-admin", "created_by is the authenticated principal, not a body field");
        rollout.GetProperty("chain_profile_id").GetString().ShouldBe("chain-a");
        rollout.GetProperty("target_binary_checksum").GetString().ShouldBe(Requests.Checksum);
        rollout.GetProperty("status").GetString().ShouldBe("pending");
        rollout.GetProperty("strategy").GetString().ShouldBe("rolling");
        rollout.GetProperty("total_nodes").GetInt32().ShouldBe(0);
        rollout.TryGetProperty("ChainProfileId", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Create_WithABearerToken_RecordsTheTokenSubject()
    {
        var client = _host.WithToken(Credentials.Token("alice", "admin"));

        var created = await client.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout("chain-b"));

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.JsonAsync()).GetProperty("created_by").GetString().ShouldBe("alice");
    }
}
