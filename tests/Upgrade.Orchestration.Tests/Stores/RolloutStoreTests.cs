using Upgrade.Testing;

namespace Upgrade.Orchestration.Tests.Stores;

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

    [Fact]
    public async Task UpdateAsync_UnpublishedEvents_RoundTripAndClear()
    {
        var store = new SqliteRolloutStore(Path.Combine(_directory, "events.db"));
        var rollout = await store.InsertAsync(new InMemoryRolloutStoreProbe().Rollout, default);

        var pending = await store.UpdateAsync(rollout with { Status = RolloutStatus.Completed, UnpublishedEvents = [RolloutEventTypes.RolloutCompleted] }, [], rollout.Version, default);
        (await store.GetAsync(rollout.Id, default))!.UnpublishedEvents.ShouldBe([RolloutEventTypes.RolloutCompleted]);
        await store.UpdateAsync(pending with { UnpublishedEvents = [] }, [], pending.Version, default);

        (await store.GetAsync(rollout.Id, default))!.UnpublishedEvents.ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdateAsync_NodeConfigVariables_RoundTrip()
    {
        var store = new SqliteRolloutStore(Path.Combine(_directory, "variables.db"));
        var rollout = await store.InsertAsync(new InMemoryRolloutStoreProbe().Rollout, default);
        var node = new RolloutNode
        {
            Id = Guid.NewGuid(),
            RolloutId = rollout.Id,
            NodeId = "node-1",
            BatchIndex = 0,
            ConfigVariables = new Dictionary<string, string> { ["moniker"] = "alpha", ["p2p_port"] = "26656" },
        };

        await store.UpdateAsync(rollout, [node, node with { NodeId = "node-2", Id = Guid.NewGuid(), ConfigVariables = ConfigTemplateRenderer.NoVariables }], rollout.Version, default);

        var nodes = await store.GetNodesAsync(rollout.Id, default);
        nodes[0].ConfigVariables.OrderBy(v => v.Key, StringComparer.Ordinal).ShouldBe([new("moniker", "alpha"), new("p2p_port", "26656")]);
        nodes[1].ConfigVariables.ShouldBeEmpty();
    }

    [Fact]
    public async Task Constructor_FileOfAnOlderVersion_AddsTheMissingColumnsAndKeepsItsRows()
    {
        var path = Path.Combine(_directory, "old.db");
        var rollout = await new SqliteRolloutStore(path).InsertAsync(new InMemoryRolloutStoreProbe().Rollout, default);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            // The file as the version before the event outbox left it.
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE rollouts DROP COLUMN unpublished_events; ALTER TABLE rollout_groups DROP COLUMN unpublished_events; ALTER TABLE rollout_nodes DROP COLUMN config_variables;";
            drop.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var upgraded = new SqliteRolloutStore(path);
        var read = (await upgraded.GetAsync(rollout.Id, default)).ShouldNotBeNull();
        read.UnpublishedEvents.ShouldBeEmpty();
        var updated = await upgraded.UpdateAsync(read with { UnpublishedEvents = [RolloutEventTypes.RolloutStarted] }, [], read.Version, default);

        updated.UnpublishedEvents.ShouldBe([RolloutEventTypes.RolloutStarted]);
        (await upgraded.GetNodesAsync(rollout.Id, default)).ShouldBeEmpty();
        (await new SqliteRolloutStore(path).ListAsync(activeOnly: false, default)).Single().Id.ShouldBe(rollout.Id);
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
