namespace Upgrade.Samples.ProcessRuntime;

/// <summary>Restarting a process that exits on its own, when <see cref="ProcessRuntimeOptions.RestartOnCrash"/> is set.</summary>
public sealed partial class ProcessRuntimeAdapter
{
    private CancellationTokenSource? _supervision;
    private int _restartCount;
    private bool _restartPending;
    private bool _supervisionGaveUp;

    /// <summary>Starts supervising <paramref name="process"/>, unless supervision is off or already running. Called with the gate held.</summary>
    private void StartSupervision(TrackedProcess process)
    {
        if (!_options.RestartOnCrash || _supervision is not null)
        {
            return;
        }

        var supervision = new CancellationTokenSource();
        _supervision = supervision;
        _ = Task.Run(() => SuperviseAsync(process, supervision.Token), CancellationToken.None);
    }

    /// <summary>Ends the supervision: from then on, no restart happens. Called with the gate held, or on dispose.</summary>
    private void StopSupervision()
    {
        // The source is cancelled, not disposed: the supervision loop may still observe its token, and a source
        // without a timer holds nothing that needs releasing.
        _supervision?.Cancel();
        _supervision = null;
        _restartPending = false;
    }

    private async Task SuperviseAsync(TrackedProcess? current, CancellationToken cancellationToken)
    {
        try
        {
            // Each turn waits for one exit and makes one restart; it ends when the supervision is stopped (by a stop,
            // a start or a dispose) or after MaxRestarts restarts.
            while (true)
            {
                int? exitCode = null;
                if (current is not null)
                {
                    exitCode = await current.WaitForExitAsync(_options.StatusPollInterval, TimeProvider, cancellationToken).ConfigureAwait(false);
                }

                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // A stop or a start by hand cancels the supervision before it touches the process.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    if (current is not null)
                    {
                        Log.ProcessCrashed(Logger, _serviceName, current.Pid, exitCode);
                        _lastExitCode = exitCode ?? _lastExitCode;
                        if (ReferenceEquals(_current, current))
                        {
                            _current = null;
                        }

                        PidFile.Delete(_pidFilePath);
                        current.Dispose();
                    }

                    if (_restartCount >= _options.MaxRestarts)
                    {
                        _supervisionGaveUp = true;
                        _supervision = null;
                        Log.SupervisionGaveUp(Logger, _serviceName, _restartCount);
                        return;
                    }

                    _restartPending = true;
                }
                finally
                {
                    _gate.Release();
                }

                await Task.Delay(_options.RestartDelay, TimeProvider, cancellationToken).ConfigureAwait(false);

                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    _restartPending = false;
                    _restartCount++;
                    try
                    {
                        current = await LaunchAsync().ConfigureAwait(false);
                        _current = current;
                        Log.ProcessRestarted(Logger, _serviceName, current.Pid, _restartCount);
                    }
                    catch (RuntimeOperationException exception)
                    {
                        // Counts as one more crash: the next turn restarts again or gives up.
                        Log.RestartFailed(Logger, _serviceName, exception);
                        current = null;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The supervision was stopped.
        }
        catch (ObjectDisposedException)
        {
            // The adapter was disposed while the loop waited.
        }
    }
}
