using Docker.DotNet.Models;

namespace Upgrade.Adapters.Docker;

/// <summary>Starting, stopping and observing the managed container, and removing its backup container.</summary>
public sealed partial class DockerRuntimeAdapter
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    /// <remarks>
    /// After the engine starts the container, the adapter waits the configured settle time: a container that exits or is
    /// restarted by its restart policy within it fails the start.
    /// </remarks>
    /// <exception cref="RuntimeOperationException">The container is missing, did not start, or did not keep running.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var name = _containerName;
        var before = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException($"The container '{name}' does not exist; it cannot be started.");
        if (before.State is not { Running: true })
        {
            await CallAsync(
                $"start container '{name}'",
                (client, token) => client.Containers.StartContainerAsync(name, new ContainerStartParameters(), token),
                cancellationToken).ConfigureAwait(false);
        }

        var started = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException($"The container '{name}' disappeared while it was being started.");
        if (started.State is not { Running: true, Restarting: false })
        {
            throw new RuntimeOperationException($"The container '{name}' exited right after start: {Describe(started)}.");
        }

        if (_settleTime > TimeSpan.Zero)
        {
            await Task.Delay(_settleTime, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var settled = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException($"The container '{name}' disappeared while it was being started.");
        if (settled.State is not { Running: true, Restarting: false }
            || !string.Equals(settled.State.StartedAt, started.State.StartedAt, StringComparison.Ordinal)
            || settled.RestartCount > started.RestartCount)
        {
            throw new RuntimeOperationException(
                $"The container '{name}' did not keep running for {_settleTime.TotalSeconds:0.###} s after start: {Describe(settled)}.");
        }

        _logger.ContainerStarted(name, settled.ID);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The engine sends the stop signal, waits the configured stop timeout, then kills the main process, so a process
    /// that ignores the signal still stops within the timeout. When the caller cancels first, the container is killed.
    /// A missing container counts as stopped.
    /// </remarks>
    /// <exception cref="RuntimeOperationException">The engine failed, or the container still runs afterwards.</exception>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var name = _containerName;
        var container = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            _logger.ContainerMissing(name, "stop");
            return;
        }

        if (container.State is { Running: false, Restarting: false })
        {
            return;
        }

        try
        {
            var seconds = (uint)Math.Ceiling(_stopTimeout.TotalSeconds);
            await CallAsync(
                $"stop container '{name}'",
                (client, token) => client.Containers.StopContainerAsync(name, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await KillAsync(name, "the caller's time budget ran out while stopping").ConfigureAwait(false);
            throw;
        }

        var stopped = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
        if (stopped?.State is { Running: true } or { Restarting: true })
        {
            await KillAsync(name, "it still ran after the stop timeout").ConfigureAwait(false);
            stopped = await TryInspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
            if (stopped?.State is { Running: true } or { Restarting: true })
            {
                throw new RuntimeOperationException($"The container '{name}' still runs after stop and kill: {Describe(stopped)}.");
            }
        }

        _logger.ContainerStopped(name);
    }

    /// <inheritdoc/>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A container that the engine is restarting counts as running. <see cref="RuntimeStatus.Health"/> is the engine's
    /// health status when the container has a health check. A missing container reports the state <c>missing</c>.
    /// </remarks>
    public async Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var container = await TryInspectContainerAsync(_containerName, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            return new RuntimeStatus { IsRunning = false, State = "missing" };
        }

        var state = container.State;
        return new RuntimeStatus
        {
            IsRunning = state is { Running: true } or { Restarting: true },
            RestartCount = (int)Math.Min(int.MaxValue, container.RestartCount),
            InstanceId = container.ID,
            State = state?.Status ?? string.Empty,
            Health = string.IsNullOrEmpty(state?.Health?.Status) ? null : state.Health.Status,
        };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Calling it marks the upgrade as final: after the backup container is removed (or when there is none), the
    /// durable records saying that an upgrade pulled the image the managed container now runs are deleted, so that a
    /// later, unrelated compensation never removes that image. Records of other images are kept. Calling it again is
    /// safe; after a crash between the removal and the clearing, the next call finishes the clearing.
    /// </remarks>
    public async Task<bool> RemoveBackupContainerAsync(CancellationToken cancellationToken = default)
    {
        var backupName = BackupContainerName;
        var backup = await TryInspectContainerAsync(backupName, cancellationToken).ConfigureAwait(false);
        if (backup is null)
        {
            if (await TryInspectContainerAsync(_containerName, cancellationToken).ConfigureAwait(false) is { } running)
            {
                await ClearPulledRecordsOfAsync(running, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        var current = await TryInspectContainerAsync(_containerName, cancellationToken).ConfigureAwait(false)
            ?? throw new RuntimeOperationException(
                $"The container '{_containerName}' does not exist: '{backupName}' is its only copy and is kept.");
        if (string.Equals(current.ID, backup.ID, StringComparison.Ordinal))
        {
            return false;
        }

        if (backup.State is { Running: true } or { Restarting: true })
        {
            throw new RuntimeOperationException($"The backup container '{backupName}' runs; it is kept.");
        }

        await CallAsync(
            $"remove container '{backupName}'",
            (client, token) => client.Containers.RemoveContainerAsync(backup.ID, new ContainerRemoveParameters { Force = false }, token),
            cancellationToken).ConfigureAwait(false);
        _logger.ContainerRemoved(backupName, backup.ID);
        await ClearPulledRecordsOfAsync(current, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task KillAsync(string name, string reason)
    {
        // Runs when the caller's token is already cancelled, so it has its own short budget.
        using var budget = new CancellationTokenSource(KillGrace, _timeProvider);
        try
        {
            await CallAsync(
                $"kill container '{name}'",
                (client, token) => client.Containers.KillContainerAsync(name, new ContainerKillParameters { Signal = "SIGKILL" }, token),
                budget.Token).ConfigureAwait(false);
            _logger.ContainerKilled(name, reason);
        }
        catch (RuntimeOperationException)
        {
            // Not running any more (409) or gone (404): either way it no longer runs.
        }
        catch (OperationCanceledException)
        {
        }
    }
}
