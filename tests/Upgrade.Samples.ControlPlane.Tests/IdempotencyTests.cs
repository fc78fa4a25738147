using System.Net;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>A create retried under the same Idempotency-Key never creates a second rollout.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private ControlPlaneTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SameKeySameBody_ReturnsTheFirstResultAndCreatesOneRollout()
    {
        var admin = _host.Admin();

        var first = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), "key-1");
        var second = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), "key-1");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        second.Headers.Location.ShouldBe(first.Headers.Location);
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await (await admin.GetAsync("/api/v1/rollouts")).JsonAsync()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task SameKeyOtherBody_Is422AndCreatesNothing()
    {
        var admin = _host.Admin();
        (await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), "key-2")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(chain: "chain-b"), "key-2");

        other.StatusCode.ShouldBe((HttpStatusCode)422);
        other.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await other.JsonAsync()).GetProperty("type").GetString().ShouldBe("urn:upgrade:problem:idempotency-key-reused");
        (await (await admin.GetAsync("/api/v1/rollouts")).JsonAsync()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task WithoutAKey_ARetryIsASecondCreate_WhichRule5Refuses()
    {
        var admin = _host.Admin();
        (await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout())).StatusCode.ShouldBe(HttpStatusCode.Created);

        var retry = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout());

        retry.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AFailedValidation_IsAlsoTheStoredFirstResult()
    {
        var admin = _host.Admin();
        var bad = Requests.ManualRollout(target: "v1");

        var first = await admin.PostJsonAsync("/api/v1/rollouts", bad, "key-3");
        var second = await admin.PostJsonAsync("/api/v1/rollouts", bad, "key-3");

        first.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keys_AreScopedToTheCaller()
    {
        var first = await _host.Admin().PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), "shared-key");
        var other = await _host.WithToken(Credentials.Token("alice", "admin")).PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(chain: "chain-b"), "shared-key");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        other.StatusCode.ShouldBe(HttpStatusCode.Created, "another caller's key does not collide");
        (await other.JsonAsync()).GetProperty("id").GetGuid().ShouldNotBe((await first.JsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AnInvalidKey_IsRefused()
    {
        var response = await _host.Admin().PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), new string('k', 201));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("Idempotency-Key");
    }
}
