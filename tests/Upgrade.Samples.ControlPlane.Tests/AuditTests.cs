using System.Net;
using Microsoft.Data.Sqlite;
using Upgrade.Samples.ControlPlane.Storage;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>Every mutating call writes one audit record through the store before its response is sent.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private ControlPlaneTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EachMutatingCall_WritesOneRecordWithActorActionTargetRequestIdOutcomeAndTime()
    {
        var admin = _host.Admin();
        var created = await admin.PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout());
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var pause = await admin.PostAsync($"/api/v1/rollouts/{id}/pause", null);
        var start = await admin.PostAsync($"/api/v1/rollouts/{id}/start", null);
        await admin.GetAsync($"/api/v1/rollouts/{id}");

        var records = (await Audit()).OrderBy(r => r.Id).ToList();

        records.Count.ShouldBe(3, "reads are not audited");
        records.ShouldAllBe(r => r.Actor == "ops-admin");
        records.Select(r => (r.Action, r.Target, r.Outcome, r.StatusCode)).ShouldBe(
        [
            ("rollout.create", $"rollout/{id}", "succeeded", 201),
            ("rollout.pause", $"rollout/{id}", "rejected", 409),
            ("rollout.start", $"rollout/{id}", "succeeded", 202),
        ]);
        records.Select(r => r.RequestId).ShouldBe([Header(created), Header(pause), Header(start)]);
        records.ShouldAllBe(r => r.Time > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task RefusedMutatingCalls_AreAuditedToo()
    {
        var id = Guid.NewGuid();
        await _host.Anonymous().PostAsync($"/api/v1/rollouts/{id}/cancel", null);
        await _host.WithApiKey(Credentials.ReaderKey).PostAsync($"/api/v1/rollouts/{id}/cancel", null);

        var records = (await Audit()).OrderBy(r => r.Id).ToList();

        records.Select(r => (r.Actor, r.Action, r.Target, r.Outcome)).ShouldBe(
        [
            ("anonymous", "rollout.cancel", $"rollout/{id}", "unauthenticated"),
            ("dashboard-reader", "rollout.cancel", $"rollout/{id}", "forbidden"),
        ]);
    }

    [Fact]
    public async Task AuditAndIdempotency_LiveInTheRolloutStoreDatabase()
    {
        await _host.Admin().PostJsonAsync("/api/v1/rollouts", Requests.ManualRollout(), "k");

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_host.StateDirectory, "controlplane.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM rollouts), (SELECT COUNT(*) FROM control_plane_audit), (SELECT COUNT(*) FROM control_plane_idempotency WHERE status_code = 201)";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)).ShouldBe((1L, 1L, 1L));
    }

    [Fact]
    public async Task AuditLog_IsReadableByAdmins()
    {
        var admin = _host.Admin();
        await admin.CreateRolloutAsync();

        var records = await (await admin.GetAsync("/api/v1/audit")).JsonAsync();

        records.GetArrayLength().ShouldBe(1);
        records[0].GetProperty("action").GetString().ShouldBe("rollout.create");
        records[0].GetProperty("request_id").GetString().ShouldNotBeNullOrEmpty();
    }

    private static string Header(HttpResponseMessage response) => response.Headers.GetValues("X-Request-Id").Single();

    private Task<IReadOnlyList<AuditRecord>> Audit() => _host.Service<ControlPlaneDatabase>().ListAuditAsync(100, CancellationToken.None);
}
