using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Upgrade.Adapters.Docker.Tests.Infrastructure;

/// <summary>
/// Starts a private dockerd (own socket, data root and exec root; no bridge, no iptables) and a local registry once per
/// run, builds the test images offline from busybox-static, pushes them, and stops everything at the end.
/// </summary>
public sealed partial class DockerEngineFixture : IAsyncLifetime
{
    private const string RunRootBase = "/run/upgrade-it-docker-tests";
    private const string StateRootBase = "/var/lib/upgrade-it-docker-tests";
    private readonly string _runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly StringBuilder _engineLog = new();
    private Process? _dockerd;
    private Process? _registry;
    private DockerClient? _client;
    private string? _startFailure;

    public string RunRoot => Path.Combine(RunRootBase, _runId);

    public string StateRoot => Path.Combine(StateRootBase, _runId);

    public string SocketPath => Path.Combine(RunRoot, "docker.sock");

    public string Endpoint => "unix://" + SocketPath;

    public string ExecRoot => Path.Combine(RunRoot, "exec");

    public int RegistryPort { get; private set; }

    public string Repository => $"127.0.0.1:{RegistryPort}/upgrade-it/app";

    /// <summary>Gets the digest reference of v1 (a service that stops on SIGTERM, with a health check).</summary>
    public TestImage V1 { get; private set; } = null!;

    /// <summary>Gets the digest reference of v2 (the same service, another version).</summary>
    public TestImage V2 { get; private set; } = null!;

    /// <summary>Gets an image whose main process exits right after start.</summary>
    public TestImage Crashing { get; private set; } = null!;

    /// <summary>Gets an image whose PID 1 ignores SIGTERM.</summary>
    public TestImage Stubborn { get; private set; } = null!;

    public DockerClient Client => _client ?? throw new InvalidOperationException(_startFailure ?? "The engine was not started.");

    /// <summary>Throws unless the engine and registry run (the reason names what is missing).</summary>
    public void EnsureStarted()
    {
        if (_client is null)
        {
            throw new InvalidOperationException(_startFailure ?? "The Docker engine was not started.");
        }
    }

    public async Task InitializeAsync()
    {
        if (DockerEnvironment.SkipReason is { } reason)
        {
            _startFailure = reason;
            return;
        }

        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await EnsureComponentsInstalledAsync(budget.Token);
            Directory.CreateDirectory(RunRoot);
            Directory.CreateDirectory(StateRoot);
            await StartEngineAsync(budget.Token);
            await StartRegistryAsync(budget.Token);
            await BuildAndPushImagesAsync(budget.Token);
        }
        catch (Exception exception)
        {
            _startFailure = $"The Docker engine or registry could not be started: {exception.Message}\n{Tail(_engineLog)}";
            await DisposeAsync();
            throw new InvalidOperationException(_startFailure, exception);
        }
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                // Containers whose main process ignores SIGTERM would hold up the engine's shutdown.
                using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var containers = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, budget.Token);
                foreach (var container in containers)
                {
                    await _client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, budget.Token);
                }
            }
            catch (Exception exception) when (exception is DockerApiException or HttpRequestException or OperationCanceledException or IOException)
            {
            }

            _client.Dispose();
            _client = null;
        }

        if (_dockerd is { } dockerd)
        {
            if (!dockerd.HasExited)
            {
                _ = Kill(dockerd.Id, SigTerm);
                if (!await WaitForExitAsync(dockerd, TimeSpan.FromSeconds(30)))
                {
                    dockerd.Kill(entireProcessTree: true);
                    await WaitForExitAsync(dockerd, TimeSpan.FromSeconds(10));
                }
            }

            dockerd.Dispose();
            _dockerd = null;
            await RunAsync("umount", [Path.Combine(ExecRoot, "netns", "default")], CancellationToken.None, throwOnFailure: false);
        }

        if (_registry is { } registry)
        {
            if (!registry.HasExited)
            {
                registry.Kill();
                await WaitForExitAsync(registry, TimeSpan.FromSeconds(10));
            }

            registry.Dispose();
            _registry = null;
        }

        TryDeleteDirectory(RunRoot);
        TryDeleteDirectory(StateRoot);
    }

    /// <summary>Removes an image from the engine when no container uses it, so that the next acquisition really pulls.</summary>
    public async Task RemoveImageIfUnusedAsync(TestImage image, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Images.DeleteImageAsync(image.Reference, new ImageDeleteParameters { Force = false }, cancellationToken);
        }
        catch (DockerApiException)
        {
            // Absent, or used by a container: either way there is nothing to do.
        }
    }

    /// <summary>Pulls an image by digest through the engine, as an operator would have before the upgrade.</summary>
    public async Task PullAsync(TestImage image, CancellationToken cancellationToken)
    {
        await Client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = Repository, Tag = image.Digest },
            null,
            new Progress<JSONMessage>(),
            cancellationToken);
        _ = await Client.Images.InspectImageAsync(image.Reference, cancellationToken);
    }

    private static async Task EnsureComponentsInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists("/usr/sbin/dockerd") && File.Exists("/usr/bin/docker-registry") && File.Exists("/bin/busybox"))
        {
            return;
        }

        await RunAsync("apt-get", ["update", "-qq"], cancellationToken, throwOnFailure: true);
        await RunAsync(
            "apt-get",
            ["install", "-y", "-qq", "docker.io", "docker-registry", "busybox-static"],
            cancellationToken,
            throwOnFailure: true,
            environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
    }

    private async Task StartEngineAsync(CancellationToken cancellationToken)
    {
        var dataRoot = Path.Combine(StateRoot, "docker");
        Directory.CreateDirectory(dataRoot);
        var start = new ProcessStartInfo("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--host", "unix://" + SocketPath,
                     "--data-root", dataRoot,
                     "--exec-root", ExecRoot,
                     "--pidfile", Path.Combine(RunRoot, "dockerd.pid"),
                     "--bridge", "none", "--iptables=false", "--ip-forward=false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _dockerd = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start.");
        _dockerd.OutputDataReceived += (_, line) => AppendLog(line.Data);
        _dockerd.ErrorDataReceived += (_, line) => AppendLog(line.Data);
        _dockerd.BeginOutputReadLine();
        _dockerd.BeginErrorReadLine();

        var client = new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).WithApiVersion(new System.Version(1, 41)).Build();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_dockerd.HasExited)
            {
                client.Dispose();
                throw new InvalidOperationException($"dockerd exited with code {_dockerd.ExitCode}.");
            }

            if (File.Exists(SocketPath))
            {
                try
                {
                    await client.System.PingAsync(cancellationToken);
                    _client = client;
                    return;
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or DockerApiException)
                {
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                client.Dispose();
                throw new TimeoutException("dockerd did not answer /_ping within 60 s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task StartRegistryAsync(CancellationToken cancellationToken)
    {
        RegistryPort = FreePort();
        var directory = Path.Combine(StateRoot, "registry");
        Directory.CreateDirectory(Path.Combine(directory, "storage"));
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(
            config,
            $"""
             version: 0.1
             log:
               level: warn
             storage:
               filesystem:
                 rootdirectory: {Path.Combine(directory, "storage")}
             http:
               addr: 127.0.0.1:{RegistryPort}
             """,
            cancellationToken);
        var start = new ProcessStartInfo("docker-registry")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _registry = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        _registry.OutputDataReceived += (_, line) => AppendLog(line.Data);
        _registry.ErrorDataReceived += (_, line) => AppendLog(line.Data);
        _registry.BeginOutputReadLine();
        _registry.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_registry.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_registry.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{RegistryPort}/v2/", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("docker-registry did not answer /v2/ within 30 s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task BuildAndPushImagesAsync(CancellationToken cancellationToken)
    {
        const string Service = "trap 'exit 0' TERM; while :; do /bin/busybox sleep 1 & wait $!; done";
        const string Healthcheck = "HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD [\"/bin/busybox\", \"true\"]";
        V1 = await BuildAndPushAsync("v1", $$"""
            FROM scratch
            COPY busybox /bin/busybox
            ENV APP_VERSION=1 PATH=/bin
            LABEL org.example.version="1"
            {{Healthcheck}}
            ENTRYPOINT ["/bin/busybox", "sh", "-c"]
            CMD ["{{Service}}"]
            """, cancellationToken);
        V2 = await BuildAndPushAsync("v2", $$"""
            FROM scratch
            COPY busybox /bin/busybox
            ENV APP_VERSION=2 PATH=/bin
            LABEL org.example.version="2"
            {{Healthcheck}}
            ENTRYPOINT ["/bin/busybox", "sh", "-c"]
            CMD ["{{Service}}"]
            """, cancellationToken);
        Crashing = await BuildAndPushAsync("v2-crashing", """
            FROM scratch
            COPY busybox /bin/busybox
            ENV APP_VERSION=2-crashing PATH=/bin
            LABEL org.example.version="2-crashing"
            ENTRYPOINT ["/bin/busybox", "sh", "-c"]
            CMD ["echo 'missing setting' >&2; exit 3"]
            """, cancellationToken);
        Stubborn = await BuildAndPushAsync("stubborn", """
            FROM scratch
            COPY busybox /bin/busybox
            ENV APP_VERSION=stubborn PATH=/bin
            ENTRYPOINT ["/bin/busybox", "sh", "-c"]
            CMD ["while :; do /bin/busybox sleep 1; done"]
            """, cancellationToken);
    }

    private async Task<TestImage> BuildAndPushAsync(string tag, string dockerfile, CancellationToken cancellationToken)
    {
        var reference = $"{Repository}:{tag}";
        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            var dockerfileEntry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n")),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await tar.WriteEntryAsync(dockerfileEntry, cancellationToken);
            await tar.WriteEntryAsync("/bin/busybox", "busybox", cancellationToken);
        }

        context.Position = 0;
        var progress = new CollectingProgress();
        await Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [reference], Dockerfile = "Dockerfile", Remove = true, ForceRemove = true },
            context,
            null,
            null,
            progress,
            cancellationToken);
        if (progress.Error is { } buildError)
        {
            throw new InvalidOperationException($"Building {reference} failed: {buildError}");
        }

        var pushProgress = new CollectingProgress();
        await Client.Images.PushImageAsync(Repository, new ImagePushParameters { Tag = tag }, new AuthConfig(), pushProgress, cancellationToken);
        if (pushProgress.Error is { } pushError)
        {
            throw new InvalidOperationException($"Pushing {reference} failed: {pushError}");
        }

        var image = await Client.Images.InspectImageAsync(reference, cancellationToken);
        var repoDigest = image.RepoDigests?.FirstOrDefault(digest => digest.StartsWith(Repository + "@", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Pushing {reference} gave no repository digest.");
        var digest = repoDigest[(repoDigest.IndexOf('@', StringComparison.Ordinal) + 1)..];

        // Remove the local copy so that every acquisition in the tests is a real, digest-pinned pull from the registry.
        await Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cancellationToken);
        return new TestImage(tag, $"{Repository}@{digest}", digest, $"{Repository}:{tag}");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_engineLog)
        {
            _engineLog.AppendLine(line);
        }
    }

    private static string Tail(StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var budget = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(budget.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static async Task RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        bool throwOnFailure,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed class CollectingProgress : IProgress<JSONMessage>
    {
        private string? _error;

        public string? Error => Volatile.Read(ref _error);

        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrWhiteSpace(value?.Error?.Message))
            {
                Volatile.Write(ref _error, value.Error.Message);
            }
        }
    }
}

/// <summary>An image pushed to the test registry: its tag, digest reference and digest.</summary>
public sealed record TestImage(string Tag, string Reference, string Digest, string TagReference);
