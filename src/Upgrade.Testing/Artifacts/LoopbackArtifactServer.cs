using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upgrade.Testing;

/// <summary>How the <see cref="LoopbackArtifactServer"/> answers a path.</summary>
public enum ArtifactServeMode
{
    /// <summary>The whole body with its Content-Length.</summary>
    Normal,

    /// <summary>The whole body without Content-Length, ended by closing the connection.</summary>
    NoContentLength,

    /// <summary>The full Content-Length, half the body, then a reset connection.</summary>
    CutMidStream,

    /// <summary>503 for the first request, then the body.</summary>
    UnavailableOnce,

    /// <summary>404 always.</summary>
    NotFound,
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that serves registered artifacts, from memory or streamed from disk, and can
/// misbehave on purpose (cut a body mid-stream, answer 503 once, omit Content-Length, stall half-way), for tests and
/// benchmarks of artifact acquisition against a real server. Every response closes its connection.
/// </summary>
/// <remarks>
/// Built on a raw socket rather than an HTTP server framework on purpose: the misbehaving modes need exact control of
/// the wire (a body ended only by closing the connection, a reset half-way through a body), which a framework that
/// frames HTTP/1.1 bodies itself does not give.
/// </remarks>
public sealed class LoopbackArtifactServer : IAsyncDisposable
{
    // Large enough for loopback throughput on a 1 GiB file, small enough that memory stays flat per connection.
    private const int CopyBufferSize = 1 << 20;
    private const int MaxRequestHeaderBytes = 16 * 1024;
    private const int ListenBacklog = 512;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ArmedStall> _stalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Task _acceptLoop;
    private long _nextConnection;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="LoopbackArtifactServer"/> class, listening on a free port.</summary>
    public LoopbackArtifactServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(ListenBacklog);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Serves <paramref name="body"/> at a fresh path and returns its URL.</summary>
    /// <param name="body">The artifact's bytes.</param>
    /// <param name="mode">How the server answers requests for it.</param>
    /// <param name="name">A readable prefix of the path, or <see langword="null"/>.</param>
    /// <returns>The URL of the artifact.</returns>
    public Uri Serve(byte[] body, ArtifactServeMode mode = ArtifactServeMode.Normal, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Add(new Route(body, null, mode), name);
    }

    /// <summary>
    /// Serves the file at <paramref name="path"/> at a fresh path and returns its URL. The file is opened for each
    /// request and streamed from disk, never read into memory, so serving a file of any size keeps memory flat; its
    /// Content-Length is its length when the request arrives.
    /// </summary>
    /// <param name="path">The file to serve; it must exist.</param>
    /// <param name="mode">How the server answers requests for it.</param>
    /// <param name="name">A readable prefix of the path, or <see langword="null"/>.</param>
    /// <returns>The URL of the artifact.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not name an existing file.</exception>
    public Uri ServeFile(string path, ArtifactServeMode mode = ArtifactServeMode.Normal, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"path must name an existing file; '{fullPath}' does not exist.", fullPath);
        }

        return Add(new Route(null, fullPath, mode), name);
    }

    /// <summary>Counts the requests for an artifact's URL.</summary>
    /// <param name="url">The URL returned by <see cref="Serve"/> or <see cref="ServeFile"/>.</param>
    /// <returns>How many requests arrived for it.</returns>
    public int RequestCount(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _requests.GetValueOrDefault(url.AbsolutePath);
    }

    /// <summary>
    /// Arms a stall for the next request for <paramref name="url"/>: it gets the full Content-Length and half of the
    /// body, flushed, and then nothing more; the connection is held open until the client goes away or the server is
    /// disposed. The stall replaces the artifact's <see cref="ArtifactServeMode"/> for that one request, and is consumed
    /// by it.
    /// </summary>
    /// <param name="url">The URL returned by <see cref="Serve"/> or <see cref="ServeFile"/>.</param>
    /// <param name="cancellationToken">Stops waiting and disarms the stall if no request has consumed it yet.</param>
    /// <returns>A task that completes once a request is stalled (half the body flushed).</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an artifact of this server.</exception>
    /// <exception cref="InvalidOperationException">A stall is already armed for <paramref name="url"/>.</exception>
    public Task StallNextRequestAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var path = url.AbsolutePath;
        if (url.Port != Port || !_routes.ContainsKey(path))
        {
            throw new ArgumentException($"url must be an artifact URL returned by this server; '{url}' is not.", nameof(url));
        }

        var stall = new ArmedStall();
        if (!_stalls.TryAdd(path, stall))
        {
            throw new InvalidOperationException($"A stall is already armed for '{url}'; disarm it first.");
        }

        if (cancellationToken.CanBeCanceled)
        {
            stall.Attach(cancellationToken.Register(
                () =>
                {
                    _stalls.TryRemove(new KeyValuePair<string, ArmedStall>(path, stall));
                    stall.Completion.TrySetCanceled(cancellationToken);
                }));
        }

        return stall.Completion.Task;
    }

    /// <summary>Removes a stall armed by <see cref="StallNextRequestAsync"/> that no request consumed.</summary>
    /// <param name="url">The URL the stall was armed for.</param>
    /// <returns><see langword="true"/> if an unconsumed stall was removed (its task is then canceled).</returns>
    public bool DisarmStall(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!_stalls.TryRemove(url.AbsolutePath, out var stall))
        {
            return false;
        }

        stall.Detach();
        stall.Completion.TrySetCanceled(CancellationToken.None);
        return true;
    }

    /// <summary>Stops listening, closes every open connection (stalled ones included) and waits for them to end.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_connections.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var path in _stalls.Keys)
        {
            if (_stalls.TryRemove(path, out var stall))
            {
                stall.Detach();
                stall.Completion.TrySetCanceled(CancellationToken.None);
            }
        }

        _stopping.Dispose();
    }

    private Uri Add(Route route, string? name)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var path = "/" + (name ?? "artifact") + "-" + Guid.NewGuid().ToString("N")[..12];
        _routes[path] = route;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}"));
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextConnection);
            var connection = Task.Run(() => HandleAsync(client));
            _connections[id] = connection;
            _ = connection.ContinueWith(_ => _connections.TryRemove(id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        var stopping = _stopping.Token;
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream, stopping).ConfigureAwait(false);
                if (path is null)
                {
                    return;
                }

                var count = _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                if (!_routes.TryGetValue(path, out var route))
                {
                    await WriteStatusAsync(stream, "404 Not Found", stopping).ConfigureAwait(false);
                    return;
                }

                _stalls.TryRemove(path, out var stall);
                if (stall is null && route.Mode == ArtifactServeMode.NotFound)
                {
                    await WriteStatusAsync(stream, "404 Not Found", stopping).ConfigureAwait(false);
                    return;
                }

                if (stall is null && route.Mode == ArtifactServeMode.UnavailableOnce && count == 1)
                {
                    await WriteStatusAsync(stream, "503 Service Unavailable", stopping).ConfigureAwait(false);
                    return;
                }

                Stream content;
                try
                {
                    content = route.Open();
                }
                catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
                {
                    stall?.Detach();
                    stall?.Completion.TrySetException(exception);
                    await WriteStatusAsync(stream, "404 Not Found", stopping).ConfigureAwait(false);
                    return;
                }

                await using (content.ConfigureAwait(false))
                {
                    var length = content.Length;
                    var withLength = stall is not null || route.Mode != ArtifactServeMode.NoContentLength;
                    await WriteOkHeadersAsync(stream, withLength ? length : null, stopping).ConfigureAwait(false);
                    if (stall is not null)
                    {
                        await CopyAsync(content, stream, length / 2, stopping).ConfigureAwait(false);
                        await stream.FlushAsync(stopping).ConfigureAwait(false);
                        stall.Detach();
                        stall.Completion.TrySetResult();
                        await HoldUntilClientLeavesAsync(stream, stopping).ConfigureAwait(false);
                        return;
                    }

                    if (route.Mode == ArtifactServeMode.CutMidStream)
                    {
                        await CopyAsync(content, stream, length / 2, stopping).ConfigureAwait(false);
                        await stream.FlushAsync(stopping).ConfigureAwait(false);

                        // Reset the connection instead of a clean close: the client sees the body end early.
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }

                    await CopyAsync(content, stream, length, stopping).ConfigureAwait(false);
                    await stream.FlushAsync(stopping).ConfigureAwait(false);
                    client.Client.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping; nothing to answer.
            }
        }
    }

    private static async Task HoldUntilClientLeavesAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    private static async Task CopyAsync(Stream source, NetworkStream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(count, 1, CopyBufferSize));
        try
        {
            var remaining = count;
            while (remaining > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // The file shrank after its length was announced; the client sees a short body.
                    return;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task WriteOkHeadersAsync(NetworkStream stream, long? contentLength, CancellationToken cancellationToken)
    {
        var headers = contentLength is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
            : "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(NetworkStream stream, string status, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the request head and returns the request target's path, or null when there is no valid request.</summary>
    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHeaderBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                var head = buffer.AsSpan(0, length);
                var requestLine = Encoding.ASCII.GetString(head[..head.IndexOf("\r\n"u8)]);
                var parts = requestLine.Split(' ');
                if (parts.Length < 2)
                {
                    return null;
                }

                var target = parts[1];
                var query = target.IndexOf('?', StringComparison.Ordinal);
                return query >= 0 ? target[..query] : target;
            }
        }

        return null;
    }

    /// <summary>An artifact: bytes in memory or a file streamed from disk, and how to answer for it.</summary>
    private sealed record Route(byte[]? Body, string? FilePath, ArtifactServeMode Mode)
    {
        public Stream Open() => Body is not null
            ? new MemoryStream(Body, writable: false)
            : new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>A stall waiting for its request.</summary>
    private sealed class ArmedStall
    {
        private readonly Lock _gate = new();
        private CancellationTokenRegistration _registration;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Attach(CancellationTokenRegistration registration)
        {
            lock (_gate)
            {
                _registration = registration;
            }
        }

        /// <summary>Drops the cancellation callback without waiting for it, so it is safe from inside that callback.</summary>
        public void Detach()
        {
            CancellationTokenRegistration registration;
            lock (_gate)
            {
                registration = _registration;
                _registration = default;
            }

            registration.Unregister();
        }
    }
}
