using System.Globalization;
using BenchmarkDotNet.Attributes;
using Upgrade.Executor;

namespace Upgrade.Benchmarks.Executor;

/// <summary>
/// P4: one full upgrade (all eight actions) through <see cref="UpgradeExecutor"/> with an adapter whose members return
/// at once, with the durable file stores (a checkpoint written after every action) and with the in-memory ones.
/// </summary>
[MemoryDiagnoser]
public class ExecutorOverheadBenchmarks
{
    private static readonly IReadOnlyList<ConfigFile> Configs = [ConfigFile.Create("/etc/bench/app.conf", "greeting=v2\n"u8.ToArray())];
    private static readonly ArtifactReference Artifact = new() { Source = "https://artifacts.example/app-v2", Checksum = Sha256Checksum.Compute("v2"u8), Version = "v2" };

    private readonly IReadOnlyList<IUpgradeAction> _actions = UpgradeActions.CreateDefault();
    private readonly InstantRuntimeAdapter _runtime = new();
    private UpgradeExecutor? _durable;
    private UpgradeExecutor? _inMemory;
    private UpgradeExecutor? _durableOnTmpfs;
    private string? _directory;
    private string? _tmpfsDirectory;
    private long _sequence;

    /// <summary>Gets or sets the directory of the durable stores; a fresh one under /var/tmp when not set.</summary>
    public string? StoreDirectory { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = StoreDirectory ?? Path.Combine("/var/tmp/upgrade-bench/executor", Guid.NewGuid().ToString("N")[..8]);
        _durable = new UpgradeExecutor(new FileCompletedUpgradeStore(Path.Combine(_directory, "completed")), new FileCheckpointStore(Path.Combine(_directory, "checkpoints")));
        _inMemory = new UpgradeExecutor(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

        // The same durable stores in memory-backed files: what the file stores cost without the disk's fsync latency.
        _tmpfsDirectory = Path.Combine("/dev/shm", "upgrade-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _durableOnTmpfs = new UpgradeExecutor(new FileCompletedUpgradeStore(Path.Combine(_tmpfsDirectory, "completed")), new FileCheckpointStore(Path.Combine(_tmpfsDirectory, "checkpoints")));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var directory in new[] { _directory, _tmpfsDirectory })
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Benchmark(Baseline = true, Description = "in-memory stores")]
    public Task<UpgradeOutcome> InMemoryStores() => RunAsync(_inMemory!);

    [Benchmark(Description = "durable file stores")]
    public Task<UpgradeOutcome> DurableFileStores() => RunAsync(_durable!);

    [Benchmark(Description = "durable file stores on tmpfs")]
    public Task<UpgradeOutcome> DurableFileStoresOnTmpfs() => RunAsync(_durableOnTmpfs!);

    private async Task<UpgradeOutcome> RunAsync(UpgradeExecutor executor)
    {
        var id = "bench-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var outcome = await executor.ExecuteAsync(_actions, _runtime, new ActionParams
        {
            UpgradeId = id,
            BinaryName = "app",
            SourceVersion = "v1",
            TargetVersion = "v2",
            Artifact = Artifact,
            InstallTarget = "/opt/bench/app",
            ConfigFiles = Configs,
            BackupDirectory = "/var/lib/bench/.upgrade-backup/" + id,
            DataDirectory = "/var/lib/bench",
        });
        return outcome as UpgradeSucceeded ?? throw new InvalidOperationException($"The upgrade ended {outcome.Status}.");
    }
}
