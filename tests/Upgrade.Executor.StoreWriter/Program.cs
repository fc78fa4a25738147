// Rewrites one checkpoint and one completed record, generation after generation, until it is killed.
// Usage: Upgrade.Executor.StoreWriter <directory>
// Prints "generation N" after each durable write so that the parent knows which contents may be on disk.
using Upgrade;
using Upgrade.Executor;

var directory = args[0];
var checkpoints = new FileCheckpointStore(Path.Combine(directory, "checkpoints"));
var completed = new FileCompletedUpgradeStore(Path.Combine(directory, "completed"));
var padding = new string('x', 64 * 1024);

for (var generation = 1; ; generation++)
{
    var checkpoint = new UpgradeCheckpoint
    {
        UpgradeId = "durable",
        InputHash = "generation=" + generation,
        CompletedActions = [.. Enumerable.Range(0, generation % 8).Select(i => "action_" + i)],
        InProgressAction = padding,
        UpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(generation),
    };
    await checkpoints.SaveAsync(checkpoint, CancellationToken.None);
    await completed.SaveAsync(
        new CompletedUpgrade
        {
            UpgradeId = "completed-" + generation,
            InputHash = "generation=" + generation,
            Outcome = new UpgradeSucceeded { UpgradeId = "completed-" + generation, CompletedAt = DateTimeOffset.UnixEpoch, CompletedActions = [padding] },
        },
        CancellationToken.None);
    Console.WriteLine("generation " + generation);
}
