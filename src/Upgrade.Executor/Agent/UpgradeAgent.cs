using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Executor;

/// <summary>
/// The payload handler of a node agent: validates an <see cref="UpgradePayload"/>, builds the eight actions locally,
/// and runs them with the node's runtime adapter. No execution instructions come from the control plane.
/// </summary>
public sealed class UpgradeAgent : IUpgradeAgent
{
    private readonly UpgradeExecutor _executor;
    private readonly IRuntimeAdapter _runtime;
    private readonly ICompletedUpgradeStore _completed;
    private readonly UpgradeAgentOptions _options;
    private readonly IReadOnlyList<IUpgradeAction> _actions;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="UpgradeAgent"/> class.</summary>
    /// <param name="executor">The executor.</param>
    /// <param name="runtime">The node's runtime adapter.</param>
    /// <param name="completed">The completed-upgrade store the executor uses, to answer outcome queries.</param>
    /// <param name="options">The node's agent options.</param>
    /// <param name="loggerFactory">The logger factory; no logging when <see langword="null"/>.</param>
    public UpgradeAgent(UpgradeExecutor executor, IRuntimeAdapter runtime, ICompletedUpgradeStore completed, UpgradeAgentOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(options);
        UpgradeAgentOptionsValidation.ThrowIfInvalid(options);
        _executor = executor;
        _runtime = runtime;
        _completed = completed;
        _options = options;
        _actions = UpgradeActions.CreateDefault();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<UpgradeAgent>();
    }

    /// <inheritdoc/>
    public Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var errors = UpgradePayloadValidator.Validate(payload, _options);
        if (errors.Count > 0)
        {
            var exception = new UpgradeValidationException("upgrade payload", errors);
            _logger.PayloadRejected(UpgradeIds.IsValid(payload.UpgradeId) ? payload.UpgradeId : "(invalid id)", string.Join("; ", errors.Select(e => e.Field + " " + e.Rule)));
            return Task.FromException<UpgradeOutcome>(exception);
        }

        return _executor.ExecuteAsync(_actions, _runtime, CreateParameters(payload), observer, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken)
    {
        UpgradeIds.ThrowIfInvalid(upgradeId);
        var record = await _completed.GetAsync(upgradeId, cancellationToken).ConfigureAwait(false);
        return record?.Outcome;
    }

    /// <summary>Builds the action parameters of a payload for this node.</summary>
    /// <param name="payload">A valid payload.</param>
    /// <returns>The parameters the actions run with.</returns>
    public ActionParams CreateParameters(UpgradePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new ActionParams
        {
            UpgradeId = payload.UpgradeId,
            BinaryName = payload.BinaryName,
            SourceVersion = payload.SourceVersion,
            TargetVersion = payload.TargetVersion,
            Artifact = new ArtifactReference { Source = payload.ArtifactUrl, Checksum = payload.ArtifactChecksum, Version = payload.TargetVersion },
            InstallTarget = _options.InstallTarget,
            ConfigFiles = [.. (payload.ConfigFiles ?? []).Select(MapToRoot)],
            BackupDirectory = Path.Combine(_options.DataDirectory, ".upgrade-backup", payload.UpgradeId),
            DataDirectory = _options.DataDirectory,
            MigrationType = payload.MigrationType,
            RevertBackupDirectory = payload.RevertsUpgradeId is null ? null : Path.Combine(_options.DataDirectory, ".upgrade-backup", payload.RevertsUpgradeId),
            RevertConfigPaths = [.. (payload.RevertConfigPaths ?? []).Select(MapToRoot)],
        };
    }

    // Payload paths were validated as absolute and free of '.' and '..' segments, so joining cannot escape the root.
    private ConfigFile MapToRoot(ConfigFile file) => string.IsNullOrEmpty(_options.RootDirectory)
        ? file
        : new ConfigFile { Path = MapToRoot(file.Path), Content = file.Content, Checksum = file.Checksum };

    private string MapToRoot(string path) => string.IsNullOrEmpty(_options.RootDirectory) ? path : Path.Join(_options.RootDirectory, path);
}
