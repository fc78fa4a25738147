namespace Upgrade.Executor.Tests;

public sealed class FileStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("upgrade-store-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public async Task CheckpointStore_SaveGetDelete_RoundTripsEveryField()
    {
        var store = new FileCheckpointStore(_directory);
        var checkpoint = new UpgradeCheckpoint
        {
            UpgradeId = "u-1",
            InputHash = "binary_name=abc",
            Mode = CheckpointMode.Compensating,
            CompletedActions = ["backup_state", "acquire_artifact"],
            SkippedActions = ["backup_state"],
            InProgressAction = "verify_artifact",
            UpdatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            FailedAction = "verify_artifact",
            Error = new UpgradeError { Type = "X", Message = "boom" },
            CompensatedActions = ["verify_artifact"],
        };

        await store.SaveAsync(checkpoint, default);
        var read = await new FileCheckpointStore(_directory).GetAsync("u-1", default);

        Json(read.ShouldNotBeNull()).ShouldBe(Json(checkpoint));
        await store.DeleteAsync("u-1", default);
        (await store.GetAsync("u-1", default)).ShouldBeNull();
        Directory.EnumerateFiles(_directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task CompletedStore_RoundTripsEachOutcomeKind_AndFirstRecordWins()
    {
        var store = new FileCompletedUpgradeStore(_directory);
        UpgradeOutcome[] outcomes =
        [
            new UpgradeSucceeded { UpgradeId = "a", CompletedAt = DateTimeOffset.UnixEpoch, CompletedActions = ["x"], SkippedActions = ["x"] },
            new UpgradeCompensated { UpgradeId = "b", CompletedAt = DateTimeOffset.UnixEpoch, FailedAction = "x", Error = new UpgradeError { Type = "T", Message = "m" }, CompensatedActions = ["x"] },
            new UpgradeRollbackFailed
            {
                UpgradeId = "c", CompletedAt = DateTimeOffset.UnixEpoch, FailedAction = "x", Error = new UpgradeError { Type = "T", Message = "m" },
                CompensationFailedAction = "y", CompensationError = new UpgradeError { Type = "U", Message = "n" },
            },
        ];

        foreach (var outcome in outcomes)
        {
            await store.SaveAsync(new CompletedUpgrade { UpgradeId = outcome.UpgradeId, InputHash = "h", Outcome = outcome }, default);
            var read = await store.GetAsync(outcome.UpgradeId, default);
            Json(read.ShouldNotBeNull().Outcome).ShouldBe(Json(outcome));
            read.Outcome.GetType().ShouldBe(outcome.GetType());
        }

        await store.SaveAsync(new CompletedUpgrade { UpgradeId = "a", InputHash = "other", Outcome = outcomes[1] with { UpgradeId = "a" } }, default);
        (await store.GetAsync("a", default))!.InputHash.ShouldBe("h");
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage without header")]
    [InlineData("upgrade-store/1 sha256:0000000000000000000000000000000000000000000000000000000000000000\n{}")]
    [InlineData("upgrade-store/9 sha256:abc\n{}")]
    public async Task CheckpointStore_CorruptFile_IsRejectedWithAClearError(string content)
    {
        var store = new FileCheckpointStore(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "u-1.checkpoint.json"), content);

        var exception = await Should.ThrowAsync<StoreCorruptedException>(async () => await store.GetAsync("u-1", default));

        exception.Message.ShouldContain("u-1.checkpoint.json");
        exception.Message.ShouldContain("corrupt");
    }

    [Fact]
    public async Task CheckpointStore_FlippedByteInBody_IsRejected()
    {
        var store = new FileCheckpointStore(_directory);
        await store.SaveAsync(new UpgradeCheckpoint { UpgradeId = "u-1", InputHash = "h", UpdatedAt = DateTimeOffset.UnixEpoch, InProgressAction = "stop_node" }, default);
        var path = Path.Combine(_directory, "u-1.checkpoint.json");
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("stop_node", "stop_nodf", StringComparison.Ordinal));

        await Should.ThrowAsync<StoreCorruptedException>(async () => await store.GetAsync("u-1", default));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task Stores_InvalidUpgradeId_AreRefusedBeforeTouchingTheDisk(string upgradeId)
    {
        await Should.ThrowAsync<ArgumentException>(async () => await new FileCheckpointStore(_directory).GetAsync(upgradeId, default));
        await Should.ThrowAsync<ArgumentException>(async () => await new FileCompletedUpgradeStore(_directory).GetAsync(upgradeId, default));
        Directory.EnumerateFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task CheckpointStore_StaleTempFileFromACrashedWriter_IsRemovedOnDelete()
    {
        var store = new FileCheckpointStore(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, ".u-1.checkpoint.json.tmp-deadbeef"), "partial");

        await store.DeleteAsync("u-1", default);

        Directory.EnumerateFiles(_directory).ShouldBeEmpty();
    }
}
