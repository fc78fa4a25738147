using Microsoft.Extensions.Logging;
using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// The base of runtime adapters for services that run a binary from the local file system (systemd units, plain
/// processes, supervisord or OpenRC services). It implements every artifact, backup and configuration member of
/// <see cref="IRuntimeAdapter"/>; a deriving adapter writes only the lifecycle: <see cref="ServiceName"/>,
/// <see cref="StartAsync"/>, <see cref="StopAsync"/>, <see cref="RestartAsync"/>, <see cref="GetStatusAsync"/> and
/// <see cref="ReloadDaemonAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// Artifacts are downloaded over HTTPS into <c>{install dir}/.download-{name}</c> (see <see cref="GetDownloadPath"/>)
/// while their SHA-256 is computed, and installed by an atomic rename. Backups copy the binary and the configuration
/// files and write their manifest last; restores verify every copy before and after. Configuration files are written
/// atomically, only inside <see cref="FileSystemRuntimeOptions.AllowedConfigRoots"/>.
/// </para>
/// <para>
/// Every mutating member can be called again after a crash at any instant: downloads and file writes land through a
/// rename, backups are marked complete by their manifest, and restores skip files that already match.
/// </para>
/// </remarks>
public abstract partial class FileSystemRuntimeAdapter : IRuntimeAdapter, IDisposable
{
    private readonly ArtifactDownloader _downloader;
    private readonly ConfigPathGuard _configPaths;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FileSystemRuntimeAdapter"/> class that downloads with its own HTTP handler.</summary>
    /// <param name="options">The file-side options; they are validated and copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock of timestamps and retry delays.</param>
    /// <param name="logger">Receives the adapter's events.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid; the message lists every error.</exception>
    protected FileSystemRuntimeAdapter(FileSystemRuntimeOptions options, TimeProvider timeProvider, ILogger logger)
        : this(options, timeProvider, logger, httpHandler: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FileSystemRuntimeAdapter"/> class.</summary>
    /// <param name="options">The file-side options; they are validated and copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock of timestamps and retry delays.</param>
    /// <param name="logger">Receives the adapter's events.</param>
    /// <param name="httpHandler">
    /// The HTTP handler downloads go through (it is not disposed with the adapter), or <see langword="null"/> for a
    /// private handler.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="timeProvider"/> or <paramref name="logger"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid; the message lists every error.</exception>
    protected FileSystemRuntimeAdapter(FileSystemRuntimeOptions options, TimeProvider timeProvider, ILogger logger, HttpMessageHandler? httpHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        FileSystemRuntimeOptionsValidation.ThrowIfInvalid(options);

        // Copy the options, so that later changes to the caller's instance cannot change a running adapter.
        var snapshot = Snapshot(options);
        TimeProvider = timeProvider;
        Logger = logger;
        _downloader = new ArtifactDownloader(snapshot, options.GetType().Name, timeProvider, logger, httpHandler);
        _configPaths = new ConfigPathGuard(snapshot.AllowedConfigRoots);
    }

    /// <inheritdoc/>
    public abstract string ServiceName { get; }

    /// <summary>Gets the clock the adapter was built with; use it for every timeout and delay of the lifecycle.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>Gets the logger the adapter was built with.</summary>
    protected ILogger Logger { get; }

    /// <inheritdoc/>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract Task StopAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract Task RestartAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract Task ReloadDaemonAsync(CancellationToken cancellationToken);

    /// <summary>Releases the HTTP client of the downloads, and whatever the deriving adapter holds.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the adapter's resources. Override it to release the deriving adapter's own, then call the base.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        if (disposing)
        {
            _downloader.Dispose();
        }

        _disposed = true;
    }

    private static FileSystemRuntimeOptions Snapshot(FileSystemRuntimeOptions options)
    {
        var copy = new FileSystemRuntimeOptions
        {
            AllowInsecureHttp = options.AllowInsecureHttp,
            MaxArtifactSizeBytes = options.MaxArtifactSizeBytes,
            DownloadRetryAttempts = options.DownloadRetryAttempts,
            DownloadRetryDelay = options.DownloadRetryDelay,
        };
        foreach (var root in options.AllowedConfigRoots)
        {
            copy.AllowedConfigRoots.Add(Path.GetFullPath(root));
        }

        return copy;
    }
}
