using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Adapters.Systemd;

/// <summary>
/// Upgrades a service managed by systemd: a binary at an install target, configuration files inside allowed roots, and
/// the unit that runs them, controlled through <c>systemctl</c>.
/// </summary>
/// <remarks>
/// Every mutating member can be called again after a crash at any instant: downloads and file writes land through a
/// rename, backups are marked complete by their manifest, and restores skip files that already match.
/// </remarks>
internal sealed partial class SystemdRuntimeAdapter : IRuntimeAdapter, IDisposable
{
    private readonly SystemdRuntimeOptions _options;
    private readonly string _unitName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SystemctlClient _systemctl;
    private readonly ArtifactDownloader _downloader;
    private readonly ConfigPathGuard _configPaths;

    public SystemdRuntimeAdapter(SystemdRuntimeOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, HttpMessageHandler? httpHandler = null)
    {
        SystemdRuntimeOptionsValidation.ThrowIfInvalid(options);

        // Copy the options, so that later changes to the caller's instance cannot change a running adapter.
        _options = Snapshot(options);
        _unitName = _options.UnitName!;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Upgrade.Adapters.Systemd");
        _systemctl = new SystemctlClient(_options, _timeProvider, _logger);
        _downloader = new ArtifactDownloader(_options, _timeProvider, _logger, httpHandler);
        _configPaths = new ConfigPathGuard(_options.AllowedConfigRoots);
    }

    /// <inheritdoc/>
    public string ServiceName => _unitName;

    /// <inheritdoc/>
    public void Dispose() => _downloader.Dispose();

    private static SystemdRuntimeOptions Snapshot(SystemdRuntimeOptions options)
    {
        var copy = new SystemdRuntimeOptions
        {
            UnitName = options.UnitName,
            SystemctlPath = options.SystemctlPath,
            UserMode = options.UserMode,
            AllowInsecureHttp = options.AllowInsecureHttp,
            MaxArtifactSizeBytes = options.MaxArtifactSizeBytes,
            StartSettleTime = options.StartSettleTime,
            StatusPollInterval = options.StatusPollInterval,
            CommandTimeout = options.CommandTimeout,
            DownloadRetryAttempts = options.DownloadRetryAttempts,
            DownloadRetryDelay = options.DownloadRetryDelay,
        };
        foreach (var item in options.CommandPrefix)
        {
            copy.CommandPrefix.Add(item);
        }

        foreach (var root in options.AllowedConfigRoots)
        {
            copy.AllowedConfigRoots.Add(Path.GetFullPath(root));
        }

        return copy;
    }
}
