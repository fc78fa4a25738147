using System.Buffers;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// Downloads an artifact into a file while hashing it, in one pass, with a size limit and retries of transient HTTP
/// failures only.
/// </summary>
internal sealed class ArtifactDownloader : IDisposable
{
    private const int BufferSize = 81920;

    private readonly HttpClient _httpClient;
    private readonly bool _ownsClient;
    private readonly FileSystemRuntimeOptions _options;
    private readonly string _optionsName;
    private readonly ResiliencePipeline _pipeline;

    /// <param name="options">The file-side options.</param>
    /// <param name="optionsName">The name of the options class the caller configured, for error messages.</param>
    /// <param name="timeProvider">The clock of the retry delays.</param>
    /// <param name="logger">Receives the retry events.</param>
    /// <param name="handler">The HTTP handler to use, or <see langword="null"/> for a private one.</param>
    public ArtifactDownloader(FileSystemRuntimeOptions options, string optionsName, TimeProvider timeProvider, ILogger logger, HttpMessageHandler? handler)
    {
        _options = options;
        _optionsName = optionsName;
        _ownsClient = true;
        _httpClient = new HttpClient(handler ?? CreateHandler(), disposeHandler: handler is null)
        {
            // The caller's token bounds the download; a fixed client timeout would cut large artifacts.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = BuildPipeline(options, timeProvider, logger);
    }

    /// <summary>Describes the result of a completed download.</summary>
    public readonly record struct DownloadResult(byte[] Digest, long Length);

    /// <summary>
    /// Downloads <paramref name="source"/> into <paramref name="destination"/> (replaced on every attempt) and returns
    /// the digest of the bytes received.
    /// </summary>
    /// <exception cref="ArtifactVerificationException">The source is refused, too large, or not found.</exception>
    /// <exception cref="HttpRequestException">The server kept failing after the last retry.</exception>
    public async Task<DownloadResult> DownloadAsync(Uri source, string destination, string target, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(TargetKey, target);
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Self.DownloadOnceAsync(state.Source, state.Destination, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Self: this, Source: source, Destination: destination)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Checks that <paramref name="source"/> is an absolute HTTPS URL (or HTTP when allowed).</summary>
    /// <exception cref="ArtifactVerificationException">The source is refused.</exception>
    public Uri ValidateSource(string source)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            throw new ArtifactVerificationException("The artifact source is not an absolute URL.");
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return uri;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return _options.AllowInsecureHttp
                ? uri
                : throw new ArtifactVerificationException(
                    $"The artifact source uses plain http, which is refused unless {_optionsName}.{nameof(FileSystemRuntimeOptions.AllowInsecureHttp)} is set.");
        }

        throw new ArtifactVerificationException($"The artifact source scheme '{uri.Scheme}' is not supported; use https.");
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _httpClient.Dispose();
        }
    }

    internal static bool IsTransient(Exception exception) => exception switch
    {
        ArtifactVerificationException => false,
        OperationCanceledException => false,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => IsTransient(status),

        // A connection cut while the body streams in; a local I/O error (a full disk) is not transient.
        HttpIOException => true,
        IOException { InnerException: System.Net.Sockets.SocketException } => true,
        _ => false,
    };

    internal static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    private static readonly ResiliencePropertyKey<string> TargetKey = new("upgrade.filesystem.target");

    private static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
    };

    private static ResiliencePipeline BuildPipeline(FileSystemRuntimeOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.DownloadRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.DownloadRetryAttempts,
                Delay = options.DownloadRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                OnRetry = arguments =>
                {
                    var target = arguments.Context.Properties.GetValue(TargetKey, string.Empty);
                    logger.ArtifactDownloadRetry(
                        target,
                        arguments.Outcome.Exception?.GetType().Name ?? "unknown",
                        arguments.AttemptNumber + 2,
                        arguments.RetryDelay);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private async ValueTask<DownloadResult> DownloadOnceAsync(Uri source, string destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"The artifact server answered {(int)response.StatusCode} ({response.ReasonPhrase}).");
            if (!IsTransient(response.StatusCode))
            {
                throw new ArtifactVerificationException(message);
            }

            throw new HttpRequestException(message, inner: null, response.StatusCode);
        }

        var maxBytes = _options.MaxArtifactSizeBytes;
        if (response.Content.Headers.ContentLength is { } announced && announced > maxBytes)
        {
            throw TooLarge(announced, maxBytes, _optionsName);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var file = new FileStream(destination, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            await using (file.ConfigureAwait(false))
            {
                using var hash = Sha256Checksum.CreateIncremental();
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                long total = 0;
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > maxBytes)
                        {
                            throw TooLarge(total, maxBytes, _optionsName);
                        }

                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (response.Content.Headers.ContentLength is { } expected && expected != total)
                {
                    throw new HttpIOException(HttpRequestError.ResponseEnded, string.Create(CultureInfo.InvariantCulture, $"The download ended after {total} of {expected} bytes."));
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                return new DownloadResult(hash.GetHashAndReset(), total);
            }
        }
    }

    private static ArtifactVerificationException TooLarge(long size, long maxBytes, string optionsName) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"The artifact is larger than {optionsName}.{nameof(FileSystemRuntimeOptions.MaxArtifactSizeBytes)} ({size} > {maxBytes} bytes)."));
}
