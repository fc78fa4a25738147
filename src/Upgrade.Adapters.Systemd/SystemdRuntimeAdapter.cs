using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Adapters.Systemd;

/// <summary>
/// Upgrades a service managed by systemd: a binary at an install target, configuration files inside allowed roots, and
/// the unit that runs them, controlled through <c>systemctl</c>.
/// </summary>
/// <remarks>
/// The artifact, backup and configuration members come from <see cref="FileSystemRuntimeAdapter"/>; this class adds the
/// unit's lifecycle. Every mutating member can be called again after a crash at any instant.
/// </remarks>
internal sealed partial class SystemdRuntimeAdapter : FileSystemRuntimeAdapter
{
    private readonly SystemdRuntimeOptions _options;
    private readonly string _unitName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SystemctlClient _systemctl;

    public SystemdRuntimeAdapter(SystemdRuntimeOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, HttpMessageHandler? httpHandler = null)
        : base(Validated(options), timeProvider ?? TimeProvider.System, CreateLogger(loggerFactory), httpHandler)
    {
        // Copy the options, so that later changes to the caller's instance cannot change a running adapter.
        _options = Snapshot(options);
        _unitName = _options.UnitName!;
        _timeProvider = TimeProvider;
        _logger = Logger;
        _systemctl = new SystemctlClient(_options, _timeProvider, _logger);
    }

    /// <inheritdoc/>
    public override string ServiceName => _unitName;

    private static SystemdRuntimeOptions Validated(SystemdRuntimeOptions options)
    {
        // Before the base class validates the file-side options: one exception then lists every error.
        SystemdRuntimeOptionsValidation.ThrowIfInvalid(options);
        return options;
    }

    private static ILogger CreateLogger(ILoggerFactory? loggerFactory) =>
        (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Upgrade.Adapters.Systemd");

    private static SystemdRuntimeOptions Snapshot(SystemdRuntimeOptions options)
    {
        // The file-side options are copied by the base class; only the lifecycle's are read here.
        var copy = new SystemdRuntimeOptions
        {
            UnitName = options.UnitName,
            SystemctlPath = options.SystemctlPath,
            UserMode = options.UserMode,
            StartSettleTime = options.StartSettleTime,
            StatusPollInterval = options.StatusPollInterval,
            CommandTimeout = options.CommandTimeout,
        };
        foreach (var item in options.CommandPrefix)
        {
            copy.CommandPrefix.Add(item);
        }

        return copy;
    }
}
