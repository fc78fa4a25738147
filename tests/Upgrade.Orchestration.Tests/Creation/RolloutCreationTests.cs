using Microsoft.Extensions.Time.Testing;
using Upgrade.Orchestration.Tests.Simulation;
using Upgrade.Orchestration.Tests.Stores;

namespace Upgrade.Orchestration.Tests.Creation;

public sealed class RolloutCreationTests
{
    private static readonly string Digest = "sha256:" + new string('c', 64);
    private readonly InMemoryRolloutStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly StubChainCatalog _chains = new();

    [Fact]
    public async Task CreateAsync_ValidManualRequest_StoresPendingRollout()
    {
        var rollout = await CreateSut().CreateAsync(Manual());

        rollout.Status.ShouldBe(RolloutStatus.Pending);
        rollout.Version.ShouldBe(1);
        rollout.RuntimeType.ShouldBe(RuntimeTypes.Systemd);
        rollout.UpgradeId.ShouldBeNull();
        rollout.CreatedAt.ShouldBe(_time.GetUtcNow());
        (await _store.GetAsync(rollout.Id, default)).ShouldNotBeNull();
    }

    [Fact]
    public async Task CreateAsync_EmptyChecksum_FailsRule1()
    {
        var request = Manual();
        request.TargetBinaryChecksum = " ";

        await AssertRejectedAsync(request, ("target_binary_checksum", "rule-1"));
    }

    [Fact]
    public async Task CreateAsync_DockerChainWithoutSha256Checksum_FailsRule2()
    {
        var request = Docker();
        request.TargetBinaryChecksum = "md5:abc";

        await AssertRejectedAsync(request, ("target_binary_checksum", "rule-2"));
    }

    [Fact]
    public async Task CreateAsync_DockerChainWithMutableTag_FailsRule3()
    {
        var request = Docker();
        request.TargetBinaryUrl = "registry.example/node:v2";

        await AssertRejectedAsync(request, ("target_binary_url", "rule-3"));
    }

    [Fact]
    public async Task CreateAsync_DockerChainFromCatalog_AppliesDockerRules()
    {
        _chains.Types["chain-d"] = RuntimeTypes.Docker;
        var request = Manual();
        request.ChainProfileId = "chain-d";
        request.RuntimeType = null;
        request.TargetBinaryChecksum = "abc";

        await AssertRejectedAsync(request, ("target_binary_checksum", "rule-2"), ("target_binary_url", "rule-3"));
    }

    [Fact]
    public async Task CreateAsync_DigestPinnedDockerRequest_Succeeds()
    {
        var rollout = await CreateSut().CreateAsync(Docker());

        rollout.RuntimeType.ShouldBe(RuntimeTypes.Docker);
    }

    [Fact]
    public async Task CreateAsync_TargetEqualsSource_FailsRule4()
    {
        var request = Manual();
        request.TargetVersion = request.SourceVersion;

        await AssertRejectedAsync(request, ("target_version", "rule-4"));
    }

    [Fact]
    public async Task CreateAsync_ChainHasActiveRollout_FailsRule5()
    {
        var sut = CreateSut();
        var first = await sut.CreateAsync(Manual());

        var exception = await AssertRejectedAsync(Manual(), ("chain_profile_id", "rule-5"));

        exception.Errors.Single().Message.ShouldContain(first.Id.ToString());
    }

    [Fact]
    public async Task CreateAsync_RaceLostAtTheStoreIndex_FailsRule5()
    {
        var racing = new RacingStore(_store);
        var sut = Harness.Service(racing, _time, _chains);

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => sut.CreateAsync(Manual()));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("chain_profile_id", "rule-5")]);
        (await _store.ListAsync(false, default)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("abc")]
    [InlineData("sha256:zz")]
    public async Task CreateAsync_ManualWithoutValidManifestHash_FailsRule6(string? hash)
    {
        var request = Manual();
        request.ManifestContentHash = hash;

        await AssertRejectedAsync(request, ("manifest_content_hash", "rule-6"));
    }

    [Fact]
    public async Task CreateAsync_BreakingWithoutPlanCanaryOrAcknowledgement_FailsRule7ForEachField()
    {
        var request = Manual();
        request.MigrationType = MigrationType.Breaking;
        request.Strategy = RolloutStrategy.Rolling;

        await AssertRejectedAsync(request, ("recovery_plan", "rule-7"), ("strategy", "rule-7"), ("acknowledge_state_risk", "rule-7"));
    }

    [Fact]
    public async Task CreateAsync_BreakingWithAllRequirements_Succeeds()
    {
        var request = Manual();
        request.MigrationType = MigrationType.Breaking;
        request.Strategy = RolloutStrategy.Canary;
        request.RecoveryPlan = "reprovision from snapshot";
        request.AcknowledgeStateRisk = true;

        var rollout = await CreateSut().CreateAsync(request);

        rollout.MigrationType.ShouldBe(MigrationType.Breaking);
        rollout.RecoveryPlan.ShouldBe("reprovision from snapshot");
    }

    [Fact]
    public async Task CreateAsync_CompatibleMigrationOnRolling_IsAllowed()
    {
        var request = Manual();
        request.MigrationType = MigrationType.Compatible;

        (await CreateSut().CreateAsync(request)).MigrationType.ShouldBe(MigrationType.Compatible);
    }

    [Fact]
    public async Task CreateAsync_ManyViolations_ReportsAllAndStoresNothing()
    {
        var sut = CreateSut();
        var request = Manual();
        request.ChainProfileId = null;
        request.TargetBinaryChecksum = null;
        request.TargetVersion = "v1";
        request.BatchSize = 0;
        request.FailureThreshold = 1.5;
        request.ManifestContentHash = null;
        request.RuntimeType = null;

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => sut.CreateAsync(request));

        exception.Errors.Select(e => $"{e.Field}/{e.Rule}").Order(StringComparer.Ordinal).ShouldBe(
        [
            "batch_size/range",
            "chain_profile_id/required",
            "failure_threshold/range",
            "manifest_content_hash/rule-6",
            "runtime_type/required",
            "target_binary_checksum/rule-1",
            "target_version/rule-4",
        ]);
        exception.Message.ShouldStartWith("The rollout request is invalid (7 errors):");
        (await _store.ListAsync(false, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_AllAtOnceOptionsOnRolling_AreRejected()
    {
        var request = Manual();
        request.ForceContinue = true;

        await AssertRejectedAsync(request, ("force_continue", "range"));
    }

    private RolloutService CreateSut() => Harness.Service(_store, _time, _chains);

    private async Task<UpgradeValidationException> AssertRejectedAsync(RolloutRequest request, params (string Field, string Rule)[] expected)
    {
        var before = (await _store.ListAsync(false, default)).Count;
        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(request));
        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe(expected, ignoreOrder: true);
        exception.Errors.ShouldAllBe(e => e.Message.Length > 0);
        (await _store.ListAsync(false, default)).Count.ShouldBe(before);
        return exception;
    }

    private static RolloutRequest Manual() => new()
    {
        ChainProfileId = "chain-a",
        NodeType = "full",
        SourceVersion = "v1",
        BinaryName = "node",
        TargetVersion = "v2",
        TargetBinaryUrl = "https://releases.example/node-v2",
        TargetBinaryChecksum = Sha256Checksum.Compute("v2"u8),
        ManifestContentHash = Sha256Checksum.Compute("manifest"u8),
        RuntimeType = RuntimeTypes.Systemd,
        Strategy = RolloutStrategy.Rolling,
        BatchSize = 2,
    };

    private static RolloutRequest Docker()
    {
        var request = Manual();
        request.RuntimeType = RuntimeTypes.Docker;
        request.TargetBinaryUrl = "registry.example/node@" + Digest;
        request.TargetBinaryChecksum = Digest;
        return request;
    }

    private sealed class StubChainCatalog : IChainCatalog
    {
        public Dictionary<string, string> Types { get; } = [];

        public Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken) =>
            Task.FromResult(Types.GetValueOrDefault(chainProfileId));
    }

    /// <summary>Another creator inserts between the pre-check and the insert.</summary>
    private sealed class RacingStore(InMemoryRolloutStore inner) : DelegatingRolloutStore(inner)
    {
        public override async Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken)
        {
            await base.InsertAsync(rollout with { Id = Guid.NewGuid() }, cancellationToken);
            return await base.InsertAsync(rollout, cancellationToken);
        }
    }
}
