namespace Upgrade.Orchestration.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="IRolloutStore"/> must have. Derive and implement <see cref="CreateStore"/>.
/// </summary>
public abstract class RolloutStoreConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an empty store.</summary>
    protected abstract IRolloutStore CreateStore();

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

    [Fact]
    public async Task InsertAsync_SecondActiveRolloutOfChain_ThrowsConflict()
    {
        var store = CreateStore();
        await store.InsertAsync(NewRollout("chain-a"), default);

        var exception = await Should.ThrowAsync<ActiveRolloutConflictException>(() => store.InsertAsync(NewRollout("chain-a"), default));

        exception.ChainProfileId.ShouldBe("chain-a");
        (await store.ListAsync(activeOnly: false, default)).Count.ShouldBe(1);
    }

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

    [Fact]
    public async Task InsertAsync_SameId_Throws()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);
        await store.UpdateAsync(rollout with { Status = RolloutStatus.Cancelled }, [], rollout.Version, default);

        await Should.ThrowAsync<InvalidOperationException>(() => store.InsertAsync(NewRollout("chain-z") with { Id = rollout.Id }, default));
    }

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

    [Fact]
    public async Task UpdateAsync_UnknownRolloutOrForeignNode_Throws()
    {
        var store = CreateStore();
        var rollout = await store.InsertAsync(NewRollout("chain-a"), default);

        await Should.ThrowAsync<InvalidOperationException>(() => store.UpdateAsync(NewRollout("chain-x"), [], 1, default));
        await Should.ThrowAsync<ArgumentException>(() => store.UpdateAsync(rollout, [Node(Guid.NewGuid(), "n1", NodeUpgradeStatus.Pending)], rollout.Version, default));
        (await store.GetAsync(rollout.Id, default))!.Version.ShouldBe(1);
    }

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

    [Fact]
    public async Task GetAsync_UnknownRollout_ReturnsNull()
    {
        var store = CreateStore();

        (await store.GetAsync(Guid.NewGuid(), default)).ShouldBeNull();
    }

    /// <summary>Compares rollouts by value, including the config files' content.</summary>
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

public sealed class InMemoryRolloutStoreTests : RolloutStoreConformanceTests
{
    protected override IRolloutStore CreateStore() => new InMemoryRolloutStore();
}

public sealed class SqliteRolloutStoreTests : RolloutStoreConformanceTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "upgrade-orchestration-store-" + Guid.NewGuid().ToString("N"));

    public SqliteRolloutStoreTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Constructor_ExistingFile_SeesTheStateOfAnotherInstance()
    {
        var path = Path.Combine(_directory, "shared.db");
        var first = new SqliteRolloutStore(path);
        var rollout = await first.InsertAsync(new InMemoryRolloutStoreProbe().Rollout, default);

        var second = new SqliteRolloutStore(path);

        ShouldMatch(await second.GetAsync(rollout.Id, default), rollout);
        await Should.ThrowAsync<ActiveRolloutConflictException>(() => second.InsertAsync(new InMemoryRolloutStoreProbe().Rollout, default));
    }

    [Fact]
    public async Task InsertAsync_UsesWalJournal()
    {
        var path = Path.Combine(_directory, "wal.db");
        await new SqliteRolloutStore(path).ListAsync(false, default);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        (command.ExecuteScalar() as string).ShouldBe("wal");
    }

    protected override IRolloutStore CreateStore() => new SqliteRolloutStore(Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"));

    private sealed class InMemoryRolloutStoreProbe
    {
        public Rollout Rollout { get; } = new()
        {
            Id = Guid.NewGuid(),
            ChainProfileId = "chain-shared",
            NodeType = "full",
            RuntimeType = RuntimeTypes.Docker,
            BinaryName = "node",
            SourceVersion = "v1",
            TargetVersion = "v2",
            TargetBinaryUrl = "registry.example/node@sha256:" + new string('a', 64),
            TargetBinaryChecksum = "sha256:" + new string('a', 64),
            ManifestContentHash = "sha256:" + new string('b', 64),
            Strategy = RolloutStrategy.Rolling,
            BatchSize = 1,
            FailureThreshold = 0,
            HealthWaitDuration = TimeSpan.FromMinutes(1),
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }
}
