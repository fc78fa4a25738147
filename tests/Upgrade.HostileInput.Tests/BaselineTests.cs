using System.Text.Json;

namespace Upgrade.HostileInput.Tests;

/// <summary>The valid inputs the corpus mutates are accepted, so each case fails for the reason its sidecar states.</summary>
public sealed class BaselineTests
{
    [Fact]
    public async Task CreateAsync_ValidManifestInAutoMode_StoresARollout()
    {
        await using var world = await HostileWorld.CreateAsync();

        var rollout = await world.Rollouts.CreateAsync(HostileWorld.AutoRequest());

        rollout.UpgradeId.ShouldBe("u-1");
        (await world.Rollouts.ListAsync(activeOnly: true)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task CreateAsync_ValidManualRequest_StoresARollout()
    {
        await using var world = await HostileWorld.CreateAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(HostileWorld.ValidManualRequest(), HostileWorld.RequestJson);

        var rollout = await world.Rollouts.CreateAsync(HostileWorld.ParseRequest(json));

        rollout.TargetVersion.ShouldBe("v2");
    }

    [Fact]
    public async Task CreateAsync_ValidGroupRequestThroughJson_StoresAGroup()
    {
        await using var world = await HostileWorld.CreateAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(HostileWorld.ValidGroupRequest(), HostileWorld.RequestJson);

        var group = await world.Groups.CreateAsync(HostileWorld.ParseGroupRequest(json));

        group.FailurePolicy.ShouldBe(RolloutGroupFailurePolicy.PartialOk);
        (await world.Groups.ListAsync(activeOnly: true)).Select(g => g.ChainProfileId).Order(StringComparer.Ordinal).ShouldBe(["chain-a", "chain-g"]);
    }

    [Fact]
    public async Task Validate_ValidPayloadThroughJson_HasNoError()
    {
        await using var world = await HostileWorld.CreateAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(Payloads.Valid().ToPayload());

        var payload = JsonSerializer.Deserialize<UpgradePayload>(json).ShouldNotBeNull();

        UpgradePayloadValidator.Validate(payload, world.AgentOptions).ShouldBeEmpty();
    }

    [Fact]
    public async Task CaptureAsync_World_DescribesRowsFilesAndLinks()
    {
        await using var world = await HostileWorld.CreateAsync();

        var state = await world.CaptureAsync();

        state.StoreRows.ShouldContain("chain-busy");
        state.StoreRows.ShouldContain("table rollout_groups: 1 rows");
        state.StoreRows.ShouldContain("table rollout_group_signals: 1 rows");
        state.Files.ShouldContain("node/etc/app/app.conf=sha256:");
        state.Files.ShouldContain("node/etc/app/escape -> ");
        state.Files.ShouldContain("control/upgrades/chain-a/u-1.yaml=sha256:");
        state.MutatingCalls.ShouldBe(0);
    }
}
