using Shouldly;
using Upgrade.Orchestration;
using Xunit;

namespace Upgrade.Testing;

/// <summary>
/// The behaviour every <see cref="IRolloutStore"/> must have: conditional writes, the one-active-rollout-per-chain
/// rule, node uniqueness and counters kept with node statuses; and, as <see cref="IRolloutGroupStore"/> (the store
/// object must implement both), rollout groups: round trips, conditional writes, one active group per chain and group
/// signals. Derive a test class in your store's test project and implement <see cref="CreateStore"/>.
/// </summary>
public abstract class RolloutStoreConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an empty store.</summary>
    protected abstract IRolloutStore CreateStore();

    /// <summary>InsertAsync: new rollout; stores version one and zero counters.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertAsync_NewRollout_StoresVersionOneAndZeroCounters()
    {
        var store = CreateStore();
        var rollout = NewRollout("chain-a") with { Version = 42, TotalNodes = 9 };

        var stored = await store.InsertAsync(rollout, default);
        var read = await store.GetAsync(rollout.Id, default);

        stored.Version.ShouldBe(1);
        read.ShouldNotBeNull();
        ShouldMatch(read, stored);
        read.TotalNodes.ShouldBe(0);
        read.ConfigFiles.Single().Path.ShouldBe("/etc/node/config.toml");
        read.ConfigFiles.Single().Content.ToArray().ShouldBe("max_peers = 100"u8.ToArray());
        read.HealthWaitDuration.ShouldBe(TimeSpan.FromSeconds(90));
    }

    /// <summary>InsertAsync: second active rollout of chain; throws conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertAsync_SecondActiveRolloutOfChain_ThrowsConflict()
    {
        var store = CreateStore();
        await store.InsertAsync(NewRollout("chain-a"), default);

        var exception = await Should.ThrowAsync<ActiveRolloutConflictException>(() => store.InsertAsync(NewRollout("chain-a"), default));

        exception.ChainProfileId.ShouldBe("chain-a");
        (await store.ListAsync(activeOnly: false, default)).Count.ShouldBe(1);
    }

    /// <summary>InsertAsync: other chain or ended rollout; is allowed.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertAsync_OtherChainOrEndedRollout_IsAllowed()
    {
        var store = CreateStore();
        var first = await store.InsertAsync(NewRollout("chain-a"), default);
        await store.InsertAsync(NewRollout("chain-b"), default);
        await store.UpdateAsync(first with { Status = RolloutStatus.Completed }, [], first.Version, default);

        await store.InsertAsync(NewRollout("chain-a"), default);

        (await store.ListAsync(activeOnly: true, default)).Select(r => r.ChainProfileId).Order().ShouldBe(["chain-a", "chain-b"]);
        (await store.ListAsync(activeOnly: false, default)).Count.ShouldBe(3);
    }

    /// <summary>InsertAsync: same id; throws.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertAsync_SameId_Throws()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        await store.UpdateAsync(rollout with { Status = RolloutStatus.Cancelled }, [], rollout.Version, default);

        await Should.ThrowAsync<InvalidOperationException>(() => store.InsertAsync(NewRollout("chain-z") with { Id = rollout.Id }, default));
    }

    /// <summary>UpdateAsync: stale version; throws concurrency and changes nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateAsync_StaleVersion_ThrowsConcurrencyAndChangesNothing()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        var winner = await store.UpdateAsync(rollout with { CurrentBatch = 1 }, [Node(rollout.Id, "n1", NodeUpgradeStatus.Succeeded)], rollout.Version, default);

        var exception = await Should.ThrowAsync<ConcurrencyException>(() =>
            store.UpdateAsync(rollout with { CurrentBatch = 7 }, [Node(rollout.Id, "n2", NodeUpgradeStatus.Failed)], rollout.Version, default));

        exception.ExpectedVersion.ShouldBe(1);
        exception.ActualVersion.ShouldBe(2);
        exception.RolloutId.ShouldBe(rollout.Id);
        var read = await store.GetAsync(rollout.Id, default);
        read!.CurrentBatch.ShouldBe(1);
        read.Version.ShouldBe(winner.Version);
        (await store.GetNodesAsync(rollout.Id, default)).Select(n => n.NodeId).ShouldBe(["n1"]);
    }

    /// <summary>UpdateAsync: node writes; upsert by node id and recount in the same write.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateAsync_NodeWrites_UpsertByNodeIdAndRecountInTheSameWrite()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        rollout = await store.UpdateAsync(rollout, [
            Node(rollout.Id, "n1", NodeUpgradeStatus.Pending),
            Node(rollout.Id, "n2", NodeUpgradeStatus.Pending),
            Node(rollout.Id, "n3", NodeUpgradeStatus.Pending),
            Node(rollout.Id, "n4", NodeUpgradeStatus.Skipped),
        ], rollout.Version, default);
        rollout.TotalNodes.ShouldBe(4);
        rollout.PendingNodes.ShouldBe(3);

        var original = (await store.GetNodesAsync(rollout.Id, default)).Single(n => n.NodeId == "n1");
        rollout = await store.UpdateAsync(rollout, [
            Node(rollout.Id, "n1", NodeUpgradeStatus.Succeeded) with { AttemptCount = 1, UpgradePhase = UpgradePhase.Verifying },
            Node(rollout.Id, "n2", NodeUpgradeStatus.FailedRollback) with { ErrorMessage = "compensation failed" },
            Node(rollout.Id, "n3", NodeUpgradeStatus.InProgress) with { Stage = RolloutNodeStage.Upgrading },
        ], rollout.Version, default);

        rollout.Version.ShouldBe(3);
        rollout.TotalNodes.ShouldBe(4);
        rollout.SucceededNodes.ShouldBe(1);
        rollout.FailedNodes.ShouldBe(1);
        rollout.PendingNodes.ShouldBe(1);
        rollout.RolledBackNodes.ShouldBe(0);
        var nodes = await store.GetNodesAsync(rollout.Id, default);
        nodes.Count.ShouldBe(4);
        var n1 = nodes.Single(n => n.NodeId == "n1");
        n1.Id.ShouldBe(original.Id);
        n1.AttemptCount.ShouldBe(1);
        n1.UpgradePhase.ShouldBe(UpgradePhase.Verifying);
        n1.PreviousChecksum.ShouldBe(original.PreviousChecksum);
        nodes.Single(n => n.NodeId == "n2").ErrorMessage.ShouldBe("compensation failed");
        nodes.Single(n => n.NodeId == "n3").Stage.ShouldBe(RolloutNodeStage.Upgrading);
        ShouldMatch(await store.GetAsync(rollout.Id, default), rollout);
    }

    /// <summary>UpdateAsync: reactivating while another is active; throws conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateAsync_ReactivatingWhileAnotherIsActive_ThrowsConflict()
    {
        var store = CreateStore();
        var first = await store.InsertAsync(NewRollout("chain-a"), default);
        first = await store.UpdateAsync(first with { Status = RolloutStatus.Completed }, [], first.Version, default);
        await store.InsertAsync(NewRollout("chain-a"), default);

        await Should.ThrowAsync<ActiveRolloutConflictException>(() => store.UpdateAsync(first with { Status = RolloutStatus.RollingBack }, [], first.Version, default));

        (await store.GetAsync(first.Id, default))!.Status.ShouldBe(RolloutStatus.Completed);
    }

    /// <summary>UpdateAsync: unknown rollout or foreign node; throws.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateAsync_UnknownRolloutOrForeignNode_Throws()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);

        await Should.ThrowAsync<InvalidOperationException>(() => store.UpdateAsync(NewRollout("chain-x"), [], 1, default));
        await Should.ThrowAsync<ArgumentException>(() => store.UpdateAsync(rollout, [Node(Guid.NewGuid(), "n1", NodeUpgradeStatus.Pending)], rollout.Version, default));
        (await store.GetAsync(rollout.Id, default))!.Version.ShouldBe(1);
    }

    /// <summary>GetNodesAsync: orders by batch then node id; .</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetNodesAsync_OrdersByBatchThenNodeId()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        await store.UpdateAsync(rollout, [
            Node(rollout.Id, "b", NodeUpgradeStatus.Pending) with { BatchIndex = 1 },
            Node(rollout.Id, "c", NodeUpgradeStatus.Pending) with { BatchIndex = 0 },
            Node(rollout.Id, "a", NodeUpgradeStatus.Pending) with { BatchIndex = 1 },
        ], rollout.Version, default);

        (await store.GetNodesAsync(rollout.Id, default)).Select(n => n.NodeId).ShouldBe(["c", "a", "b"]);
        (await store.GetNodesAsync(Guid.NewGuid(), default)).ShouldBeEmpty();
    }

    /// <summary>SetNodePhaseAsync: changes phase only and not the version; .</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task SetNodePhaseAsync_ChangesPhaseOnlyAndNotTheVersion()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        rollout = await store.UpdateAsync(rollout, [Node(rollout.Id, "n1", NodeUpgradeStatus.InProgress)], rollout.Version, default);

        await store.SetNodePhaseAsync(rollout.Id, "n1", UpgradePhase.Mutating, default);
        await store.SetNodePhaseAsync(rollout.Id, "missing", UpgradePhase.Mutating, default);

        (await store.GetNodesAsync(rollout.Id, default)).Single().UpgradePhase.ShouldBe(UpgradePhase.Mutating);
        (await store.GetAsync(rollout.Id, default))!.Version.ShouldBe(rollout.Version);
    }

    /// <summary>AppendSignalAsync: signals are ordered and read after acursor; .</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AppendSignalAsync_SignalsAreOrderedAndReadAfterACursor()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        var other = await store.InsertAsync(NewRollout("chain-b"), default);

        var start = await store.AppendSignalAsync(rollout.Id, RolloutSignalKind.Start, null, Now, default);
        await store.AppendSignalAsync(other.Id, RolloutSignalKind.Cancel, null, Now, default);
        var retry = await store.AppendSignalAsync(rollout.Id, RolloutSignalKind.RetryNode, "n7", Now.AddSeconds(1), default);

        retry.Sequence.ShouldBeGreaterThan(start.Sequence);
        var all = await store.GetSignalsAsync(rollout.Id, 0, default);
        all.Select(s => s.Kind).ShouldBe([RolloutSignalKind.Start, RolloutSignalKind.RetryNode]);
        all[1].ShouldBe(retry);
        all[1].NodeId.ShouldBe("n7");
        all[1].CreatedAt.ShouldBe(Now.AddSeconds(1));
        (await store.GetSignalsAsync(rollout.Id, start.Sequence, default)).Single().ShouldBe(retry);
        (await store.GetSignalsAsync(rollout.Id, retry.Sequence, default)).ShouldBeEmpty();
        await Should.ThrowAsync<InvalidOperationException>(() => store.AppendSignalAsync(Guid.NewGuid(), RolloutSignalKind.Pause, null, Now, default));
    }

    /// <summary>GetAsync: unknown rollout; returns null.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task GetAsync_UnknownRollout_ReturnsNull()
    {
        var store = CreateStore();

        (await store.GetAsync(Guid.NewGuid(), default)).ShouldBeNull();
    }

    /// <summary>InsertAsync: component rollout; keeps its group id and component index.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertAsync_ComponentRollout_KeepsGroupIdAndComponentIndex()
    {
        var store = CreateStore();
        var groupId = Guid.NewGuid();
        var rollout = NewRollout("chain-a") with { GroupId = groupId, ComponentIndex = 2 };

        var stored = await store.InsertAsync(rollout, default);
        await store.UpdateAsync(stored with { Status = RolloutStatus.Running }, [], stored.Version, default);
        var read = await store.GetAsync(rollout.Id, default);

        read.ShouldNotBeNull();
        read.GroupId.ShouldBe(groupId);
        read.ComponentIndex.ShouldBe(2);
        (await store.ListAsync(activeOnly: true, default)).Single().GroupId.ShouldBe(groupId);
    }

    /// <summary>InsertGroupAsync: new group; stores version one and reads back every field.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertGroupAsync_NewGroup_StoresVersionOneAndRoundTrips()
    {
        var groups = CreateGroupStore();
        var group = NewGroup("chain-a") with { Version = 42 };

        var stored = await groups.InsertGroupAsync(group, default);
        var read = await groups.GetGroupAsync(group.Id, default);

        stored.Version.ShouldBe(1);
        ShouldMatch(read, stored);
        read!.ComponentOrder[1].UpgradeId.ShouldBe("lighthouse-v5");
        read.ComponentOrder[0].HealthWaitDuration.ShouldBe(TimeSpan.FromSeconds(90));
        read.ComponentOrder[0].Strategy.ShouldBe(RolloutStrategy.Canary);
        read.FailurePolicy.ShouldBe(RolloutGroupFailurePolicy.RollbackAll);
        (await groups.GetGroupAsync(Guid.NewGuid(), default)).ShouldBeNull();
    }

    /// <summary>InsertGroupAsync: second active group of chain; throws conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertGroupAsync_SecondActiveGroupOfChain_ThrowsConflict()
    {
        var groups = CreateGroupStore();
        var first = await groups.InsertGroupAsync(NewGroup("chain-a"), default);
        await groups.InsertGroupAsync(NewGroup("chain-b"), default);

        var exception = await Should.ThrowAsync<ActiveRolloutConflictException>(() => groups.InsertGroupAsync(NewGroup("chain-a"), default));
        exception.ChainProfileId.ShouldBe("chain-a");
        await groups.UpdateGroupAsync(first with { Status = RolloutGroupStatus.Partial }, first.Version, default);
        await groups.InsertGroupAsync(NewGroup("chain-a"), default);

        (await groups.ListGroupsAsync(activeOnly: true, default)).Select(g => g.ChainProfileId).Order().ShouldBe(["chain-a", "chain-b"]);
        (await groups.ListGroupsAsync(activeOnly: false, default)).Count.ShouldBe(3);
        await Should.ThrowAsync<InvalidOperationException>(() => groups.InsertGroupAsync(NewGroup("chain-z") with { Id = first.Id }, default));
    }

    /// <summary>InsertGroupAsync: an active group and an active rollout of one chain; both are allowed (the group's component is that rollout).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task InsertGroupAsync_ActiveRolloutOfChain_IsAllowed()
    {
        var store = CreateStore();
        var groups = (IRolloutGroupStore)store;
        var group = await groups.InsertGroupAsync(NewGroup("chain-a"), default);

        await store.InsertAsync(NewRollout("chain-a") with { GroupId = group.Id, ComponentIndex = 0 }, default);

        (await store.ListAsync(activeOnly: true, default)).Count.ShouldBe(1);
        (await groups.ListGroupsAsync(activeOnly: true, default)).Count.ShouldBe(1);
    }

    /// <summary>UpdateGroupAsync: expected version; writes and increments the version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateGroupAsync_ExpectedVersion_WritesAndIncrements()
    {
        var groups = CreateGroupStore();
        var group = await groups.InsertGroupAsync(NewGroup("chain-a"), default);
        var changed = group with
        {
            Status = RolloutGroupStatus.Paused,
            CurrentComponentIndex = 1,
            RollingBack = true,
            FailedComponentIndex = 1,
            AcceptedComponents = [0, 1],
            ErrorMessage = "Component 1 ended failed.",
            SignalCursor = 7,
            UpdatedAt = Now.AddMinutes(5),
        };

        var stored = await groups.UpdateGroupAsync(changed, group.Version, default);
        var read = await groups.GetGroupAsync(group.Id, default);

        stored.Version.ShouldBe(2);
        ShouldMatch(read, stored);
        read!.AcceptedComponents.ShouldBe([0, 1]);
    }

    /// <summary>UpdateGroupAsync: stale version; throws concurrency and keeps the stored group.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateGroupAsync_StaleVersion_ThrowsConcurrency()
    {
        var groups = CreateGroupStore();
        var group = await groups.InsertGroupAsync(NewGroup("chain-a"), default);
        await groups.UpdateGroupAsync(group with { Status = RolloutGroupStatus.Running }, group.Version, default);

        await Should.ThrowAsync<ConcurrencyException>(() => groups.UpdateGroupAsync(group with { Status = RolloutGroupStatus.Cancelled }, group.Version, default));

        (await groups.GetGroupAsync(group.Id, default))!.Status.ShouldBe(RolloutGroupStatus.Running);
        await Should.ThrowAsync<InvalidOperationException>(() => groups.UpdateGroupAsync(NewGroup("chain-q"), 1, default));
    }

    /// <summary>UpdateGroupAsync: reactivating while another group of the chain is active; throws conflict.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UpdateGroupAsync_ReactivatingWhileAnotherIsActive_ThrowsConflict()
    {
        var groups = CreateGroupStore();
        var first = await groups.InsertGroupAsync(NewGroup("chain-a"), default);
        first = await groups.UpdateGroupAsync(first with { Status = RolloutGroupStatus.Completed }, first.Version, default);
        await groups.InsertGroupAsync(NewGroup("chain-a"), default);

        await Should.ThrowAsync<ActiveRolloutConflictException>(() => groups.UpdateGroupAsync(first with { Status = RolloutGroupStatus.Running, RollingBack = true }, first.Version, default));

        (await groups.GetGroupAsync(first.Id, default))!.Status.ShouldBe(RolloutGroupStatus.Completed);
    }

    /// <summary>AppendGroupSignalAsync: signals are ordered, per group, and read after a cursor.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AppendGroupSignalAsync_SignalsAreOrderedAndReadAfterACursor()
    {
        var groups = CreateGroupStore();
        var group = await groups.InsertGroupAsync(NewGroup("chain-a"), default);
        var other = await groups.InsertGroupAsync(NewGroup("chain-b"), default);

        var start = await groups.AppendGroupSignalAsync(group.Id, RolloutGroupSignalKind.Start, Now, default);
        await groups.AppendGroupSignalAsync(other.Id, RolloutGroupSignalKind.Cancel, Now, default);
        var skip = await groups.AppendGroupSignalAsync(group.Id, RolloutGroupSignalKind.Skip, Now.AddSeconds(1), default);

        skip.Sequence.ShouldBeGreaterThan(start.Sequence);
        var all = await groups.GetGroupSignalsAsync(group.Id, 0, default);
        all.Select(s => s.Kind).ShouldBe([RolloutGroupSignalKind.Start, RolloutGroupSignalKind.Skip]);
        all[1].ShouldBe(skip);
        all[1].CreatedAt.ShouldBe(Now.AddSeconds(1));
        (await groups.GetGroupSignalsAsync(group.Id, start.Sequence, default)).Single().ShouldBe(skip);
        (await groups.GetGroupSignalsAsync(group.Id, skip.Sequence, default)).ShouldBeEmpty();
        await Should.ThrowAsync<InvalidOperationException>(() => groups.AppendGroupSignalAsync(Guid.NewGuid(), RolloutGroupSignalKind.Pause, Now, default));
    }

    /// <summary>Asserts that a read group equals the one stored, field by field and element by element.</summary>
    /// <param name="actual">The group read back.</param>
    /// <param name="expected">The group stored.</param>
    protected static void ShouldMatch(RolloutGroup? actual, RolloutGroup expected)
    {
        actual.ShouldNotBeNull();
        IReadOnlyList<RolloutGroupComponent> noComponents = [];
        IReadOnlyDictionary<string, string> noVersions = new Dictionary<string, string>();
        IReadOnlyList<int> noIndexes = [];
        (actual with { ComponentOrder = noComponents, DesiredVersions = noVersions, AcceptedComponents = noIndexes })
            .ShouldBe(expected with { ComponentOrder = noComponents, DesiredVersions = noVersions, AcceptedComponents = noIndexes });
        actual.ComponentOrder.ShouldBe(expected.ComponentOrder);
        actual.DesiredVersions.OrderBy(v => v.Key, StringComparer.Ordinal).ShouldBe(expected.DesiredVersions.OrderBy(v => v.Key, StringComparer.Ordinal));
        actual.AcceptedComponents.ShouldBe(expected.AcceptedComponents);
    }

    private IRolloutGroupStore CreateGroupStore() =>
        CreateStore() as IRolloutGroupStore
        ?? throw new InvalidOperationException($"The store under test must implement {nameof(IRolloutGroupStore)} too.");

    private static RolloutGroup NewGroup(string chain) => new()
    {
        Id = Guid.NewGuid(),
        ChainProfileId = chain,
        FailurePolicy = RolloutGroupFailurePolicy.RollbackAll,
        DesiredVersions = new Dictionary<string, string>(StringComparer.Ordinal) { ["geth"] = "1.14.0", ["lighthouse"] = "5.1.0" },
        ComponentOrder =
        [
            new RolloutGroupComponent
            {
                ComponentIndex = 0,
                BinaryName = "geth",
                NodeType = "full",
                SourceVersion = "1.13.0",
                TargetBinaryUrl = "https://releases.example/geth-1.14.0",
                TargetBinaryChecksum = Sha256Checksum.Compute("geth"u8),
                ManifestContentHash = Sha256Checksum.Compute("m"u8),
                Strategy = RolloutStrategy.Canary,
                CanarySize = 2,
                BatchSize = 3,
                FailureThreshold = 0.25,
                HealthWaitDuration = TimeSpan.FromSeconds(90),
                MigrationType = MigrationType.Compatible,
                Seed = 99,
            },
            new RolloutGroupComponent { ComponentIndex = 1, BinaryName = "lighthouse", UpgradeId = "lighthouse-v5", NodeType = "full", SourceVersion = "5.0.0", Seed = 7 },
        ],
        CreatedBy = "operator",
        CreatedAt = Now,
        UpdatedAt = Now,
        StartedAt = Now.AddMinutes(1),
    };

    /// <summary>Compares rollouts by value, including the config files' content.</summary>
    /// <summary>Asserts that a read rollout equals the one stored, field by field.</summary>
    /// <param name="actual">The rollout read back.</param>
    /// <param name="expected">The rollout stored.</param>
    protected static void ShouldMatch(Rollout? actual, Rollout expected)
    {
        actual.ShouldNotBeNull();
        (actual with { ConfigFiles = [] }).ShouldBe(expected with { ConfigFiles = [] });
        actual.ConfigFiles.Select(f => (f.Path, f.Checksum, Convert.ToHexString(f.Content.Span)))
            .ShouldBe(expected.ConfigFiles.Select(f => (f.Path, f.Checksum, Convert.ToHexString(f.Content.Span))));
    }

    private static Rollout NewRollout(string chain) => new()
    {
        Id = Guid.NewGuid(),
        ChainProfileId = chain,
        NodeType = "full",
        RuntimeType = RuntimeTypes.Systemd,
        BinaryName = "node",
        SourceVersion = "v1",
        TargetVersion = "v2",
        TargetBinaryUrl = "https://releases.example/v2",
        TargetBinaryChecksum = Sha256Checksum.Compute("v2"u8),
        ManifestContentHash = Sha256Checksum.Compute("m"u8),
        Strategy = RolloutStrategy.Canary,
        BatchSize = 3,
        CanarySize = 1,
        FailureThreshold = 0.25,
        HealthWaitDuration = TimeSpan.FromSeconds(90),
        MigrationType = MigrationType.Compatible,
        ConfigFiles = [ConfigFile.Create("/etc/node/config.toml", "max_peers = 100"u8.ToArray())],
        Seed = 1234,
        CreatedBy = "operator",
        CreatedAt = Now,
        UpdatedAt = Now,
        StartedAt = Now.AddMinutes(1),
    };

    private static RolloutNode Node(Guid rolloutId, string nodeId, NodeUpgradeStatus status) => new()
    {
        Id = Guid.NewGuid(),
        RolloutId = rolloutId,
        NodeId = nodeId,
        BatchIndex = 0,
        Status = status,
        PreviousVersion = "v1",
        PreviousBinaryUrl = "https://releases.example/v1",
        PreviousChecksum = Sha256Checksum.Compute("v1"u8),
        StartedAt = Now,
    };
}
