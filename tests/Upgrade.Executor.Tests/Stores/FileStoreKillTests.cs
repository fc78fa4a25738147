using System.Diagnostics;

namespace Upgrade.Executor.Tests;

/// <summary>
/// Kills a real child process with SIGKILL while it rewrites the file stores, then reads them back: every read must
/// return a whole record (the last generation the child reported, or the one after it), never a corrupt one.
/// </summary>
public sealed class FileStoreKillTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("upgrade-store-kill-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task FileStores_WriterKilledAtRandomInstants_AlwaysReadBackAWholeRecord()
    {
        var random = new Random(20261123);
        for (var round = 0; round < 12; round++)
        {
            var reported = await RunAndKillAsync(minimumGenerations: 1 + random.Next(40), extraDelay: TimeSpan.FromMilliseconds(random.Next(0, 15)));

            var checkpoint = await new FileCheckpointStore(Path.Combine(_directory, "checkpoints")).GetAsync("durable", default);
            checkpoint.ShouldNotBeNull();
            var generation = int.Parse(checkpoint.InputHash["generation=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            generation.ShouldBeInRange(reported, reported + 1, $"round {round}: the child reported generation {reported}");
            checkpoint.CompletedActions.Count.ShouldBe(generation % 8);

            var completed = new FileCompletedUpgradeStore(Path.Combine(_directory, "completed"));
            for (var g = 1; g <= reported; g++)
            {
                (await completed.GetAsync("completed-" + g, default)).ShouldNotBeNull($"round {round}: completed record {g} was reported durable");
            }

            // A record the child may have been writing when killed is either whole or absent.
            await completed.GetAsync("completed-" + (reported + 1), default);
        }
    }

    private async Task<int> RunAndKillAsync(int minimumGenerations, TimeSpan extraDelay)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Upgrade.Executor.StoreWriter.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(_directory);
        using var process = Process.Start(start)!;
        var reported = 0;
        try
        {
            while (reported < minimumGenerations)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                line.ShouldNotBeNull("the writer exited early");
                reported = int.Parse(line["generation ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(extraDelay);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Lines printed after the last one read were durable too: drain them.
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            reported = int.Parse(line["generation ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }

        return reported;
    }
}
