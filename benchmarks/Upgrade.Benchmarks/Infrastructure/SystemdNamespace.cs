using System.Diagnostics;
using System.Globalization;

namespace Upgrade.Benchmarks;

/// <summary>
/// Boots systemd as PID 1 of its own PID and mount namespace for the fleet benchmark, the same way the systemd
/// integration tests do (the tmpfs mounts and masked units keep the boot from touching the host), and powers it off.
/// </summary>
public sealed class SystemdNamespace : IAsyncDisposable
{
    public const string StateRoot = "/var/lib/upgrade-bench/systemd";

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

    private readonly Process _process;
    private readonly string _bootDirectory;

    private SystemdNamespace(Process process, string bootDirectory, SystemdHost host)
    {
        _process = process;
        _bootDirectory = bootDirectory;
        Host = host;
    }

    public SystemdHost Host { get; }

    /// <summary>Says what is missing to boot systemd here, or <see langword="null"/> when nothing is.</summary>
    public static string? MissingReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "it needs Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "it needs root (to boot systemd in its own PID namespace)";
        }

        var missing = new[] { "/lib/systemd/systemd", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/setsid", "/usr/bin/systemctl" }.FirstOrDefault(t => !File.Exists(t));
        return missing is null ? null : "it needs " + missing;
    }

    public static async Task<SystemdNamespace> BootAsync(CancellationToken cancellationToken)
    {
        var bootDirectory = Path.Combine(StateRoot, ".boot-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(bootDirectory);
        var script = Path.Combine(bootDirectory, "boot.sh");
        await File.WriteAllTextAsync(script, BootScript.ReplaceLineEndings("\n"), cancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var startInfo = new ProcessStartInfo("setsid") { WorkingDirectory = bootDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "unshare", "--pid", "--fork", "--mount-proc", "--mount", "--propagation", "private", "./boot.sh" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("setsid did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var booted = new SystemdNamespace(process, bootDirectory, new SystemdHost(0));
        try
        {
            var pid = await FindSystemdAsync(process.Id, cancellationToken);
            booted = new SystemdNamespace(process, bootDirectory, new SystemdHost(pid));
            await booted.WaitUntilRunningAsync(cancellationToken);
            return booted;
        }
        catch
        {
            await booted.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && Host.Pid > 0)
            {
                // Every process of the namespace ends with its PID 1.
                using var powerOff = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await ProcessRunner.RunAsync([.. Host.CommandPrefix, "systemctl", "poweroff"], powerOff.Token);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_bootDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> FindSystemdAsync(int rootPid, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < BootTimeout)
        {
            if (FindDescendant(rootPid, depth: 4) is { } pid)
            {
                return pid;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new InvalidOperationException("systemd did not appear in the new namespace.");
    }

    private static int? FindDescendant(int pid, int depth)
    {
        string comm, children;
        try
        {
            comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            if (comm == "systemd")
            {
                return pid;
            }

            children = depth == 0 ? string.Empty : File.ReadAllText($"/proc/{pid}/task/{pid}/children");
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

    private async Task WaitUntilRunningAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var last = string.Empty;
        while (started.Elapsed < BootTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The systemd namespace exited during boot.");
            }

            var (_, output) = await ProcessRunner.RunAsync([.. Host.CommandPrefix, "systemctl", "is-system-running"], cancellationToken);
            last = output.Trim();
            if (last is "running" or "degraded")
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"systemd did not reach 'running' within {BootTimeout.TotalSeconds}s (last state '{last}').");
    }
}
