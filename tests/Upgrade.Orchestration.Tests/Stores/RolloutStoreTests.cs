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
