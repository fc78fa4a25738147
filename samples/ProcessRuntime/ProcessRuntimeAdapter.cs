using Microsoft.Extensions.Logging;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>
/// Upgrades a service that runs as a plain local process: the install target is started as a child process, with an
/// argument list, environment variables and a working directory from <see cref="ProcessRuntimeOptions"/>, and recorded
/// in a pid file so that a restarted agent finds it again.
/// </summary>
/// <remarks>
/// <para>
/// The artifact, backup and configuration members come from <see cref="FileSystemRuntimeAdapter"/>; this class writes
/// only the lifecycle. Every lifecycle member is idempotent: starting a running service and stopping a stopped one
/// succeed without doing anything.
/// </para>
/// <para>
/// Disposing the adapter ends its supervision but leaves the process running: the service outlives the agent, and the
/// next agent finds it through the pid file.
/// </para>
/// </remarks>
public sealed partial class ProcessRuntimeAdapter : FileSystemRuntimeAdapter
{
    /// <summary>The runtime type the adapter is registered under by <c>AddProcessRuntime</c>: <c>process</c>.</summary>
    public const string RuntimeType = "process";

    private readonly ProcessRuntimeOptions _options;
    private readonly string _serviceName;
    private readonly string _executablePath;
    private readonly string _pidFilePath;

    // Serializes the lifecycle members and the supervision, which all read and replace the tracked process.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="ProcessRuntimeAdapter"/> class.</summary>
    /// <param name="options">The options; they are validated and copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock of the settle time, the stop timeout and the restart delay.</param>
    /// <param name="loggerFactory">Creates the adapter's logger.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid; the message lists every error.</exception>
    public ProcessRuntimeAdapter(ProcessRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : this(options, timeProvider, loggerFactory, httpHandler: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProcessRuntimeAdapter"/> class that downloads through a given HTTP handler.</summary>
    /// <param name="options">The options; they are validated and copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock of the settle time, the stop timeout and the restart delay.</param>
    /// <param name="loggerFactory">Creates the adapter's logger.</param>
    /// <param name="httpHandler">The HTTP handler artifact downloads go through, or <see langword="null"/> for a private one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="timeProvider"/> or <paramref name="loggerFactory"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid; the message lists every error.</exception>
    public ProcessRuntimeAdapter(ProcessRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, HttpMessageHandler? httpHandler)
        : base(Validated(options), timeProvider, CreateLogger(loggerFactory), httpHandler)
    {
        _options = Snapshot(options);
        _serviceName = _options.ServiceName!;
        _executablePath = Path.GetFullPath(_options.ExecutablePath!);
        _pidFilePath = Path.Combine(Path.GetFullPath(_options.StateDirectory!), _serviceName + ProcessRuntimeConstants.PidFileExtension);
    }

    /// <inheritdoc/>
    public override string ServiceName => _serviceName;

    /// <summary>Gets the path of the pid file: <c>{StateDirectory}/{ServiceName}.pid</c>.</summary>
    public string PidFilePath => _pidFilePath;

    /// <summary>Does nothing: a plain process has no service manager whose definitions could change.</summary>
    /// <param name="cancellationToken">Checked before returning.</param>
    /// <returns>A completed task.</returns>
    public override Task ReloadDaemonAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The process itself keeps running: only this agent's view of it ends.
            StopSupervision();
        }

        base.Dispose(disposing);
    }

    private static ProcessRuntimeOptions Validated(ProcessRuntimeOptions options)
    {
        // Before the base class validates the file-side options: one exception then lists every error.
        ProcessRuntimeOptionsValidation.ThrowIfInvalid(options);
        return options;
    }

    private static ILogger CreateLogger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return loggerFactory.CreateLogger("Upgrade.Samples.ProcessRuntime");
    }

    private static ProcessRuntimeOptions Snapshot(ProcessRuntimeOptions options)
    {
        // The file-side options are copied by the base class; only the lifecycle's are read here.
        var copy = new ProcessRuntimeOptions
        {
            ServiceName = options.ServiceName,
            ExecutablePath = options.ExecutablePath,
            WorkingDirectory = options.WorkingDirectory,
            StateDirectory = options.StateDirectory,
            StartSettleTime = options.StartSettleTime,
            StopTimeout = options.StopTimeout,
            StatusPollInterval = options.StatusPollInterval,
            RestartOnCrash = options.RestartOnCrash,
            RestartDelay = options.RestartDelay,
            MaxRestarts = options.MaxRestarts,
        };
        foreach (var argument in options.Arguments)
        {
            copy.Arguments.Add(argument);
        }

        foreach (var (name, value) in options.EnvironmentVariables)
        {
            copy.EnvironmentVariables[name] = value;
        }

        return copy;
    }
}
