using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Upgrade.Adapters.Systemd.Tests;

[CollectionDefinition(Name)]
public sealed class SystemdCollection : ICollectionFixture<SystemdFixture>
{
    public const string Name = "systemd";
}

/// <summary>
/// Boots systemd as PID 1 of its own PID and mount namespace once per test run, serves artifacts on loopback, and
/// powers systemd off at the end, also when tests fail or the run is interrupted.
/// </summary>
public sealed class SystemdFixture : IAsyncLifetime
{
    public const string StateRoot = "/var/lib/upgrade-it/systemd";

    private const string BootScript = """
        #!/bin/sh
        mount -t tmpfs tmpfs /tmp
        mount -t tmpfs tmpfs /run
        mount -t tmpfs tmpfs /var/log/journal
        mkdir -p /run/systemd/system
        for u in systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service systemd-journald-dev-log.socket \
          systemd-sysctl.service systemd-sysusers.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount \
          systemd-modules-load.service systemd-update-utmp.service systemd-journal-flush.service dev-hugepages.mount \
          dev-mqueue.mount sys-kernel-debug.mount sys-kernel-tracing.mount sys-fs-fuse-connections.mount \
          systemd-remount-fs.service systemd-machine-id-commit.service systemd-journal-catalog-update.service \
          systemd-update-done.service ldconfig.service systemd-udevd.service systemd-udev-trigger.service \
          systemd-udevd-control.socket systemd-udevd-kernel.socket systemd-udev-settle.service kmod-static-nodes.service \
          systemd-random-seed.service systemd-firstboot.service systemd-repart.service sys-kernel-config.mount; do
          ln -sf /dev/null /run/systemd/system/$u; done
        exec env container=other /lib/systemd/systemd --unit=sysinit.target --log-target=journal

        """;

    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PowerOffTimeout = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private Process? _namespace;
    private bool _stopped;
    private string? _bootDirectory;
    private readonly StringBuilder _output = new();

    /// <summary>Gets the host PID of the namespace's systemd (PID 1 inside it).</summary>
    public int SystemdPid { get; private set; }

    public LoopbackArtifactServer Server { get; } = new();

    /// <summary>Gets the command prefix that runs a command inside the namespace.</summary>
    public IReadOnlyList<string> CommandPrefix => ["nsenter", "-t", SystemdPid.ToString(CultureInfo.InvariantCulture), "-m", "-p"];

    /// <summary>Gets the host path of the namespace's runtime unit directory.</summary>
    public string UnitDirectory => $"/proc/{SystemdPid}/root/run/systemd/system";

    public async Task InitializeAsync()
    {
        if (SystemdEnvironment.MissingReason is { } reason)
        {
            if (SystemdEnvironment.IsCi)
            {
                throw new InvalidOperationException($"CI=true, but systemd cannot be booted: {reason}.");
            }

            return;
        }

        _bootDirectory = Path.Combine(StateRoot, ".boot-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_bootDirectory);
        var script = Path.Combine(_bootDirectory, "boot.sh");
        await File.WriteAllTextAsync(script, BootScript.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var startInfo = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = _bootDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "unshare", "--pid", "--fork", "--mount-proc", "--mount", "--propagation", "private", "./boot.sh" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _namespace = process;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

        try
        {
            SystemdPid = await FindSystemdAsync(process.Id);
            await WaitUntilRunningAsync();
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Runs systemctl inside the namespace and returns its output; throws when it fails.</summary>
    public async Task<string> SystemctlAsync(params string[] arguments)
    {
        var (exitCode, output) = await RunAsync([.. CommandPrefix, "systemctl", "--no-pager", .. arguments]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"systemctl {string.Join(' ', arguments)} failed ({exitCode}): {output}");
        }

        return output;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'{string.Join(' ', command)}' did not finish in time.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<int> FindSystemdAsync(int rootPid)
    {
        // setsid, unshare and the boot script exec into each other or fork once; systemd is a descendant named "systemd".
        var started = Stopwatch.StartNew();
        while (started.Elapsed < BootTimeout)
        {
            var found = FindDescendant(rootPid, depth: 4);
            if (found is { } pid)
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("systemd did not appear in the new namespace.");
    }

    private static int? FindDescendant(int pid, int depth)
    {
        if (ReadComm(pid) == "systemd")
        {
            return pid;
        }

        if (depth == 0)
        {
            return null;
        }

        string children;
        try
        {
            children = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (IOException)
        {
            return null;
        }

        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (FindDescendant(int.Parse(child, CultureInfo.InvariantCulture), depth - 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task WaitUntilRunningAsync()
    {
        var started = Stopwatch.StartNew();
        var last = string.Empty;
        while (started.Elapsed < BootTimeout)
        {
            if (_namespace!.HasExited)
            {
                throw new InvalidOperationException($"The systemd namespace exited during boot: {Output()}");
            }

            var (_, output) = await RunAsync([.. CommandPrefix, "systemctl", "is-system-running"], TimeSpan.FromSeconds(10));
            last = output.Trim();
            if (last is "running" or "degraded")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"systemd did not reach 'running' within {BootTimeout.TotalSeconds}s (last state '{last}'): {Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    private async Task StopAsync()
    {
        Process? process;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            process = _namespace;
        }

        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited && SystemdPid > 0)
            {
                // Every process of the namespace ends with its PID 1.
                await RunAsync([.. CommandPrefix, "systemctl", "poweroff"], TimeSpan.FromSeconds(15));
            }

            using var cts = new CancellationTokenSource(PowerOffTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // The namespace did not power off: end the process this fixture started (and so its namespace).
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            if (_bootDirectory is not null)
            {
                try
                {
                    Directory.Delete(_bootDirectory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
