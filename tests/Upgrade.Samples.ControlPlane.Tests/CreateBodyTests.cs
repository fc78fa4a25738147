using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Upgrade.Samples.ControlPlane.Api.Contracts;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>
/// The two create bodies share their rollout settings: the same settings must reach the orchestration request and the
/// group component alike, and each body's canonical JSON (the idempotency hash of a stored key) must keep its fields.
/// </summary>
public sealed class CreateBodyTests : IAsyncLifetime
{
    // Every field set and none at its default, so a setting that is not mapped shows as a difference.
    private const string Settings =
        "\"node_type\":\"full\",\"source_version\":\"v1\",\"target_binary_url\":\"https://releases.test/node\"," +
        "\"target_binary_checksum\":\"sha256:01\",\"manifest_content_hash\":\"sha256:aa\",\"migration_type\":\"breaking\"," +
        "\"recovery_plan\":\"restore the snapshot\",\"config_changes\":[{\"path\":\"/etc/node.toml\",\"template\":\"t\",\"overrides\":{\"port\":\"9000\"}}]," +
        "\"runtime_type\":\"process\",\"strategy\":\"canary\",\"batch_size\":3,\"canary_size\":2,\"failure_threshold\":0.3," +
        "\"health_wait_seconds\":12,\"force_continue\":true,\"skip_validation\":true,\"acknowledge_state_risk\":true,\"seed\":7";

    private const string RolloutJson =
        "{\"upgrade_id\":\"upgrade-1\",\"chain_profile_id\":\"chain-a\",\"node_type\":\"full\",\"source_version\":\"v1\",\"binary_name\":\"node\"," +
        "\"target_version\":\"v2\",\"target_binary_url\":\"https://releases.test/node\",\"target_binary_checksum\":\"sha256:01\"," +
        "\"manifest_content_hash\":\"sha256:aa\",\"migration_type\":\"breaking\",\"recovery_plan\":\"restore the snapshot\"," +
        "\"config_changes\":[{\"path\":\"/etc/node.toml\",\"template\":\"t\",\"overrides\":{\"port\":\"9000\"}}],\"runtime_type\":\"process\"," +
        "\"strategy\":\"canary\",\"batch_size\":3,\"canary_size\":2,\"failure_threshold\":0.3,\"health_wait_seconds\":12," +
        "\"force_continue\":true,\"skip_validation\":true,\"acknowledge_state_risk\":true,\"seed\":7}";

    private const string GroupJson =
        "{\"chain_profile_id\":\"chain-a\",\"failure_policy\":\"partial_ok\",\"desired_versions\":{\"node\":\"v2\"}," +
        "\"component_order\":[{\"component_index\":4,\"binary_name\":\"node\",\"upgrade_id\":\"upgrade-1\"," + Settings + "}]}";

    private ControlPlaneTestHost _host = null!;

    private JsonSerializerOptions Json => _host.Service<IOptions<JsonOptions>>().Value.SerializerOptions;

    public async Task InitializeAsync() => _host = await ControlPlaneTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void SameSettings_ReachTheRolloutRequestAndTheGroupComponentAlike()
    {
        var request = JsonSerializer.Deserialize<CreateRolloutBody>(RolloutJson, Json)!.ToRequest("ops-admin");
        var component = JsonSerializer.Deserialize<CreateGroupBody>(GroupJson, Json)!.ToRequest("ops-admin").ComponentOrder!.Single();

        var requestFields = JsonSerializer.SerializeToElement(request, Json).EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var componentFields = JsonSerializer.SerializeToElement(component, Json).EnumerateObject().ToList();

        componentFields.Select(p => p.Name).Except(requestFields.Keys).ShouldBe(["component_index"], ignoreOrder: true);
        foreach (var field in componentFields.Where(p => p.Name != "component_index"))
        {
            field.Value.GetRawText().ShouldBe(requestFields[field.Name].GetRawText(), field.Name);
        }

        foreach (var (name, value) in requestFields)
        {
            value.ValueKind.ShouldNotBeOneOf([JsonValueKind.Null, JsonValueKind.False], name);
        }

        component.ComponentIndex.ShouldBe(4);
        request.HealthWaitDuration.ShouldBe(TimeSpan.FromSeconds(12));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void HealthWaitOutOfRange_BecomesANegativeDurationInBothBodies(double seconds)
    {
        var request = new CreateRolloutBody { HealthWaitSeconds = seconds }.ToRequest("ops-admin");
        var component = new GroupComponentBody { HealthWaitSeconds = seconds }.ToComponent();

        request.HealthWaitDuration.ShouldBeLessThan(TimeSpan.Zero);
        component.HealthWaitDuration.ShouldBe(request.HealthWaitDuration);
    }

    [Fact]
    public void CanonicalJson_KeepsEveryFieldInItsOrder()
    {
        // A stored idempotency key is matched by the hash of this JSON, so a change here makes replays after an upgrade a 422.
        JsonSerializer.Serialize(JsonSerializer.Deserialize<CreateRolloutBody>(RolloutJson, Json), Json).ShouldBe(RolloutJson);
        JsonSerializer.Serialize(JsonSerializer.Deserialize<CreateGroupBody>(GroupJson, Json), Json).ShouldBe(GroupJson);
    }
}
