using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>Starting, stopping and observing the process.</summary>
public sealed partial class ProcessRuntimeAdapter
{
    private TrackedProcess? _current;
    private int? _lastExitCode;

    /// <summary>
    /// Starts the executable and waits for the settle time. Does nothing when the service already runs (started by
    /// this adapter, or found through the pid file).
    /// </summary>
    /// <param name="cancellationToken">Bounds the wait; the process keeps running when it is cancelled.</param>
    /// <returns>A task that completes when the process has run for the settle time.</returns>
    /// <exception cref="RuntimeOperationException">The executable cannot be started, or it exited within the settle time (the message has its exit code).</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FindRunning(logStale: true) is { } running)
            {
                Log.ProcessAlreadyRunning(Logger, _serviceName, running.Pid);
                StartSupervision(running);
                return;
            }

            // A start by hand begins a new supervision, with a fresh restart count.
            StopSupervision();
            _restartCount = 0;
            _supervisionGaveUp = false;
            _lastExitCode = null;

            var process = await LaunchAsync().ConfigureAwait(false);
            _current = process;
            if (await SettleAsync(process, cancellationToken).ConfigureAwait(false) is { } exitCode)
            {
                _current = null;
                _lastExitCode = exitCode;
                PidFile.Delete(_pidFilePath);
                process.Dispose();
                Log.ProcessExitedAtStart(Logger, _serviceName, exitCode);
                throw new RuntimeOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Service {_serviceName} exited with code {exitCode} within {_options.StartSettleTime.TotalSeconds}s of its start ({_executablePath})."));
            }

            Log.ProcessStarted(Logger, _serviceName, process.Pid);
            StartSupervision(process);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the process: <c>SIGTERM</c>, then <c>SIGKILL</c> when it still runs after the stop timeout. Does nothing
    /// when the service does not run. The supervision never restarts a stopped service.
    /// </summary>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StopSupervision();
            if (FindRunning(logStale: true) is not { } running)
            {
                PidFile.Delete(_pidFilePath);
                return;
            }

            await TerminateAsync(running, cancellationToken).ConfigureAwait(false);
            _lastExitCode = running.ExitCode;
            _current = null;
            PidFile.Delete(_pidFilePath);
            running.Dispose();
            Log.ProcessStopped(Logger, _serviceName, running.Pid);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public override async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the state of the process: running (with its pid), restarting, failed, exited or stopped.</summary>
    /// <param name="cancellationToken">Cancels the wait for a lifecycle operation in progress.</param>
    /// <returns>The status; <see cref="RuntimeStatus.RestartCount"/> counts the supervision's restarts since the last start.</returns>
    public override async Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (FindRunning(logStale: false) is { } running)
            {
                return new RuntimeStatus
                {
                    IsRunning = true,
                    RestartCount = _restartCount,
                    InstanceId = running.Pid.ToString(CultureInfo.InvariantCulture),
                    State = "running",
                };
            }

            var state = _supervisionGaveUp ? "failed"
                : _restartPending ? "restarting"
                : _lastExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"exited ({code})")
                : "stopped";
            return new RuntimeStatus { IsRunning = false, RestartCount = _restartCount, State = state };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Finds the running process: the one this adapter tracks, or the one the pid file names when it still runs it.
    /// Called with the gate held.
    /// </summary>
    private TrackedProcess? FindRunning(bool logStale)
    {
        if (_current is { } current)
        {
            if (current.IsAlive())
            {
                return current;
            }

            _lastExitCode = current.ExitCode ?? _lastExitCode;
            _current = null;
        }

        if (PidFile.Read(_pidFilePath) is not { } record)
        {
            return null;
        }

        if (!TrackedProcess.IsRecordedProcessAlive(record))
        {
            if (logStale)
            {
                Log.StalePidFile(Logger, _serviceName, record.Pid);
            }

            return null;
        }

        _current = TrackedProcess.ForAdopted(record);
        Log.ProcessAdopted(Logger, _serviceName, record.Pid);
        return _current;
    }

    /// <summary>Starts the executable as a child process and records it in the pid file.</summary>
    private async Task<TrackedProcess> LaunchAsync()
    {
        var startInfo = new ProcessStartInfo(_executablePath)
        {
            // An argument list, never a command line: no shell parses or expands anything.
            UseShellExecute = false,
            WorkingDirectory = _options.WorkingDirectory ?? Path.GetDirectoryName(_executablePath)!,
        };
        foreach (var argument in _options.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _options.EnvironmentVariables)
        {
            startInfo.Environment[name] = value;
        }

        Process child;
        var launchedAt = DateTime.Now;
        try
        {
            child = Process.Start(startInfo)
                ?? throw new RuntimeOperationException($"Service {_serviceName} could not be started from '{_executablePath}'.");
        }
        catch (Win32Exception exception)
        {
            throw new RuntimeOperationException($"Service {_serviceName} could not be started from '{_executablePath}': {exception.Message}", exception);
        }

        // The start time makes the record immune to pid reuse. A child that is already gone has none; the settle
        // time then reports its exit.
        var record = new PidRecord(child.Id, ProcFs.Read(child.Id)?.StartTime ?? 0, _executablePath);
        try
        {
            // Not cancellable: a running process must never be left without its record.
            await PidFile.WriteAsync(_pidFilePath, record, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            child.Kill();
            child.Dispose();
            throw;
        }

        return TrackedProcess.ForChild(child, record, launchedAt);
    }

    /// <summary>Waits for the settle time; returns the exit code when the process exited within it.</summary>
    private async Task<int?> SettleAsync(TrackedProcess process, CancellationToken cancellationToken)
    {
        using var settle = new CancellationTokenSource(_options.StartSettleTime, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(settle.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(_options.StatusPollInterval, TimeProvider, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (settle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The settle time is over; the exit time below still decides, as this may run late.
        }

        // Either wait can end long after the settle time on a loaded machine. An exit after the settle time is a crash
        // of a started service, which the supervision handles. A child's exit code is always known; -1 only satisfies
        // the type.
        return process.ExitedWithin(_options.StartSettleTime) ? process.ExitCode ?? -1 : null;
    }

    /// <summary>Sends SIGTERM, waits for the stop timeout, then sends SIGKILL and waits for the exit.</summary>
    private async Task TerminateAsync(TrackedProcess process, CancellationToken cancellationToken)
    {
        if (!process.Signal(Signals.Terminate))
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(_options.StopTimeout, TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(_options.StatusPollInterval, TimeProvider, linked.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Log.ProcessKilledAfterTimeout(Logger, _serviceName, process.Pid, _options.StopTimeout);
            }
        }

        process.Signal(Signals.Kill);

        // SIGKILL cannot be caught or ignored: the wait ends, bounded by the caller's token meanwhile.
        await process.WaitForExitAsync(_options.StatusPollInterval, TimeProvider, cancellationToken).ConfigureAwait(false);
    }
}
