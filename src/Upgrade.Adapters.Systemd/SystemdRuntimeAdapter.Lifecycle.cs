using System.Globalization;

namespace Upgrade.Adapters.Systemd;

/// <summary>Starting, stopping and observing the unit through systemctl.</summary>
internal sealed partial class SystemdRuntimeAdapter
{
    /// <inheritdoc/>
    public override async Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var state = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);
        return ToStatus(state);
    }

    /// <inheritdoc/>
    public override async Task ReloadDaemonAsync(CancellationToken cancellationToken)
    {
        await _systemctl.RunCheckedAsync(["daemon-reload"], cancellationToken).ConfigureAwait(false);
        _logger.DaemonReloaded();
    }

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken) => StartOrRestartAsync("start", cancellationToken);

    /// <inheritdoc/>
    public override Task RestartAsync(CancellationToken cancellationToken) => StartOrRestartAsync("restart", cancellationToken);

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var result = await _systemctl.RunAsync(["stop", "--", _unitName], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Stopping a unit that is not loaded (or already gone) leaves it stopped, which is what was asked.
            var current = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);
            if (!current.IsStopped)
            {
                throw SystemctlClient.Failure(["stop", _unitName], result);
            }
        }

        while (true)
        {
            var state = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);
            if (state.IsStopped)
            {
                _logger.UnitStopped(_unitName, state.Describe());
                return;
            }

            // Bounded by the caller's token.
            await Task.Delay(_options.StatusPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static RuntimeStatus ToStatus(UnitState state) => new()
    {
        IsRunning = state.IsRunning,
        RestartCount = state.RestartCount,
        InstanceId = state.MainPid > 0 ? state.MainPid.ToString(CultureInfo.InvariantCulture) : null,
        State = state.ActiveState + "/" + state.SubState,
    };

    private async Task StartOrRestartAsync(string verb, CancellationToken cancellationToken)
    {
        var before = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);
        if (before.NeedDaemonReload)
        {
            // Restored or changed unit files must be loaded before the start, never after it.
            _logger.DaemonReloadBeforeStart(_unitName);
            await ReloadDaemonAsync(cancellationToken).ConfigureAwait(false);
        }

        // A crash loop earlier (for example of a failed new version) leaves the unit in its start-limit window, where
        // a start would be refused without running anything.
        await _systemctl.RunAsync(["reset-failed", "--", _unitName], cancellationToken).ConfigureAwait(false);
        var baseline = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);

        var result = await _systemctl.RunAsync([verb, "--", _unitName], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var after = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);
            _logger.UnitFailedAfterStart(_unitName, after.Describe());
            throw new RuntimeOperationException(
                $"systemctl {verb} {_unitName} failed with exit code {result.ExitCode} ({after.Describe()}): {result.StandardError.Trim()}");
        }

        await WaitUntilSettledAsync(baseline.RestartCount, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the unit is active, then until it has stayed active with the same main process and no restart for the
    /// settle time. A unit that fails, stops, or restarts meanwhile makes the start fail.
    /// </summary>
    private async Task WaitUntilSettledAsync(int restartsBefore, CancellationToken cancellationToken)
    {
        var lowestRestarts = restartsBefore;
        int? mainPid = null;
        long activeSince = 0;
        while (true)
        {
            var state = await _systemctl.ShowAsync(_unitName, cancellationToken).ConfigureAwait(false);

            // systemd may reset the counter on a manual start; growth is measured from the lowest value seen.
            lowestRestarts = Math.Min(lowestRestarts, state.RestartCount);
            var failure = DescribeFailure(state, lowestRestarts, mainPid);
            if (failure is not null)
            {
                _logger.UnitFailedAfterStart(_unitName, state.Describe());
                throw new RuntimeOperationException($"Unit {_unitName} did not stay running after the start: {failure} ({state.Describe()}).");
            }

            if (state.ActiveState == "active")
            {
                if (mainPid is null)
                {
                    mainPid = state.MainPid;
                    activeSince = _timeProvider.GetTimestamp();
                }

                if (_timeProvider.GetElapsedTime(activeSince) >= _options.StartSettleTime)
                {
                    _logger.UnitStarted(_unitName, state.MainPid);
                    return;
                }
            }

            // Bounded by the caller's token; the settle time bounds it once the unit is active.
            await Task.Delay(_options.StatusPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? DescribeFailure(UnitState state, int lowestRestarts, int? mainPid)
    {
        if (state.LoadState is "not-found" or "bad-setting" or "error" or "masked")
        {
            return "the unit cannot be loaded (" + state.LoadState + ")";
        }

        if (state.ActiveState is "failed" or "inactive" or "deactivating")
        {
            return "it exited";
        }

        if (state.SubState == "auto-restart" || state.RestartCount > lowestRestarts)
        {
            return "it crashed and systemd is restarting it";
        }

        if (mainPid is { } pid && state.MainPid != pid)
        {
            return "its main process changed";
        }

        return null;
    }
}
