using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>Runs <see cref="MaintenanceCleanup.RunOnceAsync"/> every <see cref="MaintenanceCleanupOptions.Interval"/>.</summary>
internal sealed class MaintenanceCleanupWorker : BackgroundService
{
    private readonly MaintenanceCleanup _cleanup;
    private readonly MaintenanceCleanupOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public MaintenanceCleanupWorker(MaintenanceCleanup cleanup, IOptions<MaintenanceCleanupOptions> options, TimeProvider timeProvider, ILogger<MaintenanceCleanupWorker>? logger)
    {
        _cleanup = cleanup;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await _cleanup.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!UpgradeException.IsCancellation(exception))
                {
                    _logger.MaintenanceCleanupFailed(exception);
                }

                await Task.Delay(_options.Interval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a later run clears what this one did not reach.
        }
    }
}
