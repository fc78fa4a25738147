using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Upgrade.Samples.ProcessRuntime.Tests;

/// <summary>The lifecycle against real child processes: every test kills what it started when it ends.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessRuntimeAdapterTests
{
    private static async Task<RuntimeStatus> WaitForStatusAsync(ProcessRuntimeAdapter adapter, Func<RuntimeStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var status = await adapter.GetStatusAsync(CancellationToken.None);
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The adapter never reported {what}; last status: {status}.");
            }

            await Task.Delay(20);
        }
    }

    private static int Pid(RuntimeStatus status) => int.Parse(status.InstanceId!, CultureInfo.InvariantCulture);

    private static bool IsAlive(int pid) => ProcFs.Read(pid) is { IsAlive: true };

    [Fact]
    public async Task StartAsync_RunsTheTargetWithArgumentsEnvironmentAndWorkingDirectory()
    {
        await using var node = await ProcessNode.CreateAsync();
        var adapter = node.CreateAdapter();

        var status = await adapter.GetStatusAsync(CancellationToken.None);
        var observed = await node.ReadObservedAsync();

        status.IsRunning.ShouldBeTrue();
        status.State.ShouldBe("running");
        status.InstanceId.ShouldBe(observed.Pid);
        observed.Version.ShouldBe("v1");
        observed.Config.ShouldBe("greeting=hello-from-v1-config");
        observed.Extra.ShouldBe("absent");
        observed.Greeting.ShouldBe("hello from the environment");
        observed.WorkingDirectory.ShouldBe(node.WorkingDirectory);
        (await File.ReadAllLinesAsync(adapter.PidFilePath))[0].ShouldBe(observed.Pid);
    }

    [Fact]
    public async Task StartAsync_ArgumentsReachTheProcessVerbatim_NoShellInterpretsThem()
    {
        await using var node = await ProcessNode.CreateAsync(start: false);
        var output = Path.Combine(node.DataDirectory, "args");
        await node.InstallBinaryAsync(Encoding.UTF8.GetBytes("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_OUT\"\nexec sleep 1200\n"));
        string[] arguments = ["two words", "$HOME", "*", "; touch injected", "`id`"];
        var adapter = node.CreateAdapter(o =>
        {
            o.Arguments.Clear();
            foreach (var argument in arguments)
            {
                o.Arguments.Add(argument);
            }

            o.EnvironmentVariables["ARGS_OUT"] = output;
        });

        await adapter.StartAsync(CancellationToken.None);

        (await File.ReadAllLinesAsync(output)).ShouldBe(arguments);
        File.Exists(Path.Combine(node.WorkingDirectory, "injected")).ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_AlreadyRunning_KeepsTheProcess()
    {
        await using var node = await ProcessNode.CreateAsync();
        var adapter = node.CreateAdapter();
        var before = await adapter.GetStatusAsync(CancellationToken.None);

        await adapter.StartAsync(CancellationToken.None);

        (await adapter.GetStatusAsync(CancellationToken.None)).InstanceId.ShouldBe(before.InstanceId);
    }

    [Fact]
    public async Task GetStatusAsync_NewAdapterInstance_FindsTheProcessThroughThePidFileAndCanStopIt()
    {
        await using var node = await ProcessNode.CreateAsync();
        var first = node.CreateAdapter();
        var pid = Pid(await first.GetStatusAsync(CancellationToken.None));
        first.Dispose();

        // A restarted agent: a new adapter with nothing in memory.
        var second = node.CreateAdapter();
        var status = await second.GetStatusAsync(CancellationToken.None);
        status.IsRunning.ShouldBeTrue();
        Pid(status).ShouldBe(pid);

        await second.StopAsync(CancellationToken.None);

        IsAlive(pid).ShouldBeFalse();
        File.Exists(second.PidFilePath).ShouldBeFalse();
        (await node.CreateAdapter().GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
    }

    [Fact]
    public async Task GetStatusAsync_PidFileNamingAReusedPid_IsNotRunningAndStopLeavesThatProcessAlone()
    {
        await using var node = await ProcessNode.CreateAsync(start: false);
        var adapter = node.CreateAdapter();

        // A process that is not the service holds the recorded pid: its start time differs from the recorded one.
        var startInfo = new ProcessStartInfo("/bin/sleep") { ArgumentList = { "1200" } };
        startInfo.Environment[ProcessReaper.MarkerVariable] = node.Marker;
        using var stranger = Process.Start(startInfo)!;
        var strangerStart = ProcFs.Read(stranger.Id)!.Value.StartTime;
        Directory.CreateDirectory(node.StateDirectory);
        await File.WriteAllTextAsync(adapter.PidFilePath, $"{stranger.Id}\n{strangerStart + 1}\n{node.BinaryPath}\n");

        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
        await adapter.StopAsync(CancellationToken.None);

        IsAlive(stranger.Id).ShouldBeTrue("a process the pid file does not truly name must never be signalled");
        File.Exists(adapter.PidFilePath).ShouldBeFalse("a stale pid file is removed by a stop");
        await adapter.StartAsync(CancellationToken.None);
        Pid(await adapter.GetStatusAsync(CancellationToken.None)).ShouldNotBe(stranger.Id);
    }

    [Fact]
    public async Task StartAsync_BinaryExitingAtOnce_ThrowsWithItsExitCode()
    {
        await using var node = await ProcessNode.CreateAsync(ProcessNode.CrashingBinary, start: false);
        var adapter = node.CreateAdapter(o =>
        {
            o.RestartOnCrash = true;

            // Wide enough that even a loaded machine runs the shell to its exit within it; the start ends at the exit.
            o.StartSettleTime = TimeSpan.FromSeconds(3);
        });

        var exception = await Should.ThrowAsync<RuntimeOperationException>(() => adapter.StartAsync(CancellationToken.None));

        exception.Message.ShouldBe($"Service app exited with code 3 within 3s of its start ({node.BinaryPath}).");
        var status = await adapter.GetStatusAsync(CancellationToken.None);
        status.IsRunning.ShouldBeFalse();
        status.State.ShouldBe("exited (3)");
        status.RestartCount.ShouldBe(0, "a failed start is not supervised");
        File.Exists(adapter.PidFilePath).ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_ExitNoticedOnlyAfterTheSettleTime_IsACrashOfAStartedService()
    {
        // A clock that never moves stands for a loaded machine whose settle timer fires late: the start then notices
        // the exit one second after the launch, and the exit time, not the late notice, decides.
        var frozen = new FakeTimeProvider();
        await using var node = await ProcessNode.CreateAsync(ProcessNode.ShortLivedBinary, start: false);
        var adapter = node.CreateAdapter(
            o =>
            {
                o.RestartOnCrash = true;
                o.RestartDelay = TimeSpan.FromSeconds(1);
            },
            frozen);

        await adapter.StartAsync(CancellationToken.None);

        var restarting = await WaitForStatusAsync(adapter, s => s.State == "restarting", "a restart pending");
        restarting.RestartCount.ShouldBe(0);
        frozen.Advance(TimeSpan.FromSeconds(1));
        var restarted = await WaitForStatusAsync(adapter, s => s.RestartCount == 1, "the restart");
        restarted.RestartCount.ShouldBe(1, "the supervision handles a crash after the start");
        await adapter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoringSigterm_IsKilledAfterTheStopTimeout()
    {
        await using var node = await ProcessNode.CreateAsync(ProcessNode.TermIgnoringBinary, start: false);
        var logs = new FakeLogCollector();
        using var loggerFactory = new LoggerFactory([new FakeLoggerProvider(logs)]);
        var adapter = node.CreateAdapter(o => o.StopTimeout = TimeSpan.FromMilliseconds(500));
        using var logged = new ProcessRuntimeAdapter(
            CopyOptions(node, o => o.StopTimeout = TimeSpan.FromMilliseconds(500)), TimeProvider.System, loggerFactory);
        await adapter.StartAsync(CancellationToken.None);
        var pid = Pid(await adapter.GetStatusAsync(CancellationToken.None));

        // SIGTERM alone does nothing to it.
        Signals.Send(pid, Signals.Terminate);
        await Task.Delay(200);
        IsAlive(pid).ShouldBeTrue();

        var started = Stopwatch.GetTimestamp();
        await logged.StopAsync(CancellationToken.None);

        Stopwatch.GetElapsedTime(started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500));
        IsAlive(pid).ShouldBeFalse();
        logs.GetSnapshot().Select(r => r.Id.Id).ShouldContain(106);
        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
    }

    [Fact]
    public async Task GetStatusAsync_ChildKilledFromOutside_IsNotRunningAsSoonAsProcShowsItGone()
    {
        // The runtime reaps a child in its SIGCHLD handler, after /proc already shows the child exited: the status
        // must not call a killed child running in between. Several rounds, as the window is short on an idle machine.
        for (var round = 0; round < 10; round++)
        {
            await using var node = await ProcessNode.CreateAsync(start: false);
            var adapter = node.CreateAdapter();
            await adapter.StartAsync(CancellationToken.None);
            var pid = Pid(await adapter.GetStatusAsync(CancellationToken.None));
            Signals.Send(pid, Signals.Kill);
            while (IsAlive(pid))
            {
                await Task.Yield();
            }

            var status = await adapter.GetStatusAsync(CancellationToken.None);

            status.IsRunning.ShouldBeFalse($"round {round}: /proc shows pid {pid} gone");
            status.State.ShouldBe("exited (137)", "the exit code of a SIGKILL is kept");
        }
    }

    [Fact]
    public async Task StopAsync_NotRunning_SucceedsTwice()
    {
        await using var node = await ProcessNode.CreateAsync(start: false);
        var adapter = node.CreateAdapter();

        await adapter.StopAsync(CancellationToken.None);
        await adapter.StopAsync(CancellationToken.None);

        (await adapter.GetStatusAsync(CancellationToken.None)).State.ShouldBe("stopped");
    }

    [Fact]
    public async Task RestartAsync_RunningProcess_RunsANewOne()
    {
        await using var node = await ProcessNode.CreateAsync();
        var adapter = node.CreateAdapter();
        var before = Pid(await adapter.GetStatusAsync(CancellationToken.None));

        await adapter.RestartAsync(CancellationToken.None);

        var after = Pid(await adapter.GetStatusAsync(CancellationToken.None));
        after.ShouldNotBe(before);
        IsAlive(before).ShouldBeFalse();
        await node.WaitForObservedAsync("v1", after.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Supervision_ProcessKilled_IsRestartedAndCounted()
    {
        await using var node = await ProcessNode.CreateAsync(start: false);
        var adapter = node.CreateAdapter(o =>
        {
            o.RestartOnCrash = true;
            o.RestartDelay = TimeSpan.FromMilliseconds(50);
        });
        await adapter.StartAsync(CancellationToken.None);

        for (var restarts = 1; restarts <= 2; restarts++)
        {
            var pid = Pid(await adapter.GetStatusAsync(CancellationToken.None));
            Signals.Send(pid, Signals.Kill);

            var status = await WaitForStatusAsync(adapter, s => s.IsRunning && Pid(s) != pid, "a restarted process");
            status.RestartCount.ShouldBe(restarts);
            await node.WaitForObservedAsync("v1", status.InstanceId);
        }

        await adapter.StopAsync(CancellationToken.None);
        await Task.Delay(300);
        var stopped = await adapter.GetStatusAsync(CancellationToken.None);
        stopped.IsRunning.ShouldBeFalse("a stopped service is never restarted");
        ProcessReaper.FindWithMarker(node.Marker).ShouldBeEmpty();

        await adapter.StartAsync(CancellationToken.None);
        (await adapter.GetStatusAsync(CancellationToken.None)).RestartCount.ShouldBe(0, "a start by hand resets the count");
    }

    [Fact]
    public async Task Supervision_CrashingAgainAndAgain_GivesUpAfterMaxRestarts()
    {
        await using var node = await ProcessNode.CreateAsync(ProcessNode.ShortLivedBinary, start: false);
        var adapter = node.CreateAdapter(o =>
        {
            o.RestartOnCrash = true;
            o.RestartDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRestarts = 2;
        });
        await adapter.StartAsync(CancellationToken.None);

        var status = await WaitForStatusAsync(adapter, s => s.State == "failed", "the supervision giving up");

        status.IsRunning.ShouldBeFalse();
        status.RestartCount.ShouldBe(2);
        File.Exists(adapter.PidFilePath).ShouldBeFalse();
    }

    [Fact]
    public async Task Dispose_LeavesTheServiceRunning()
    {
        await using var node = await ProcessNode.CreateAsync();
        var adapter = node.CreateAdapter(o => o.RestartOnCrash = true);
        var pid = Pid(await adapter.GetStatusAsync(CancellationToken.None));

        adapter.Dispose();

        IsAlive(pid).ShouldBeTrue();
        Pid(await node.CreateAdapter().GetStatusAsync(CancellationToken.None)).ShouldBe(pid);
    }

    [Fact]
    public async Task ReloadDaemonAsync_DoesNothing()
    {
        await using var node = await ProcessNode.CreateAsync();
        var adapter = node.CreateAdapter();
        var before = await adapter.GetStatusAsync(CancellationToken.None);

        await adapter.ReloadDaemonAsync(CancellationToken.None);

        (await adapter.GetStatusAsync(CancellationToken.None)).ShouldBe(before);
    }

    private static ProcessRuntimeOptions CopyOptions(ProcessNode node, Action<ProcessRuntimeOptions> configure)
    {
        var options = new ProcessRuntimeOptions
        {
            ServiceName = "app",
            ExecutablePath = node.BinaryPath,
            StateDirectory = node.StateDirectory,
            StatusPollInterval = TimeSpan.FromMilliseconds(20),
        };
        configure(options);
        return options;
    }
}
