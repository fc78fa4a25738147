using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Adapters.FileSystem;
using Upgrade.Testing;

namespace Upgrade.Benchmarks.Artifacts;

/// <summary>
/// P2: acquire and verify one large artifact from a loopback HTTP server with the SDK's file-system adapter (download
/// with streaming checksum, then the verify action's check), against <c>sha256sum</c> of the same file on disk.
/// </summary>
public static class AcquireVerifyBenchmark
{
    public const string Title = "P2 acquire + verify of one artifact";

    public static async Task<ResultTable> RunAsync(long sizeBytes, int runs, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var artifact = Path.Combine(workDirectory, $"artifact-{sizeBytes}.bin");
        await EnsureArtifactAsync(artifact, sizeBytes, cancellationToken);
        string checksum;
        await using (var file = File.OpenRead(artifact))
        {
            checksum = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }

        await using var server = new LoopbackArtifactServer();
        var url = server.ServeFile(artifact, name: "artifact").ToString();
        var target = Path.Combine(workDirectory, "installed", "app");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var options = new FileSystemRuntimeOptions { AllowInsecureHttp = true, MaxArtifactSizeBytes = Math.Max(sizeBytes * 2, 1L << 30) };
        using var runtime = new AcquireOnlyRuntime(options);
        var reference = new ArtifactReference { Source = url, Checksum = checksum, Version = "v2" };

        var baseline = new List<double>();
        var sdk = new List<double>();
        long peak = 0;
        var before = PeakMemory.ReadCurrentBytes();
        for (var run = 1; run <= runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var output = await ProcessRunner.RunCheckedAsync(["sha256sum", artifact], cancellationToken);
            baseline.Add(stopwatch.Elapsed.TotalSeconds);
            if (!checksum.EndsWith(output.Split(' ')[0], StringComparison.Ordinal))
            {
                throw new InvalidOperationException("sha256sum disagrees with the expected checksum.");
            }

            PeakMemory.Reset();
            before = Math.Min(before, PeakMemory.ReadCurrentBytes());
            stopwatch.Restart();
            var handle = await runtime.AcquireArtifactAsync(reference, target, cancellationToken);
            await runtime.VerifyArtifactAsync(handle, checksum, cancellationToken);
            sdk.Add(stopwatch.Elapsed.TotalSeconds);
            peak = Math.Max(peak, PeakMemory.ReadPeakBytes());
            await runtime.DiscardArtifactAsync(handle, cancellationToken);
            log.WriteLine($"P2 run {run}: sha256sum {baseline[^1]:0.000} s, sdk {sdk[^1]:0.000} s");
        }

        double Throughput(double seconds) => sizeBytes / 1048576.0 / seconds;
        var ratio = Throughput(Stats.Median(sdk)) / Throughput(Stats.Median(baseline));
        var table = new ResultTable($"{Title} ({sizeBytes / 1048576.0:0.#} MiB, median of {runs} runs)", "case", "median", "throughput", "peak working set", "ratio");
        table.AddRow("sha256sum (baseline)", ResultTable.Seconds(Stats.Median(baseline)), Throughput(Stats.Median(baseline)).ToString("0", CultureInfo.InvariantCulture) + " MiB/s", "-", ResultTable.Ratio(1));
        table.AddRow("sdk acquire + verify", ResultTable.Seconds(Stats.Median(sdk)), Throughput(Stats.Median(sdk)).ToString("0", CultureInfo.InvariantCulture) + " MiB/s", ResultTable.Mebibytes(peak), ResultTable.Ratio(ratio));
        table.AddNote($"target: sdk throughput >= 0.9x of sha256sum: {ResultTable.Ratio(ratio)}x, {ResultTable.Verdict(ratio >= 0.9)}");
        table.AddNote($"memory: working set {ResultTable.Mebibytes(before)} before, peak {ResultTable.Mebibytes(peak)} during ({ResultTable.Mebibytes(peak - before)} growth for a {sizeBytes / 1048576.0:0.#} MiB artifact)");
        return table;
    }

    private static async Task EnsureArtifactAsync(string path, long size, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && new FileInfo(path).Length == size)
        {
            return;
        }

        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            var buffer = new byte[1 << 20];
            for (long written = 0; written < size; written += buffer.Length)
            {
                RandomNumberGenerator.Fill(buffer);
                await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)), cancellationToken);
            }
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The file-system adapter with a service that does nothing: only its artifact members are measured.</summary>
    private sealed class AcquireOnlyRuntime(FileSystemRuntimeOptions options)
        : FileSystemRuntimeAdapter(options, TimeProvider.System, NullLogger.Instance)
    {
        public override string ServiceName => "bench";

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task RestartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken) => Task.FromResult(new RuntimeStatus { IsRunning = true });

        public override Task ReloadDaemonAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
