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
/// A minimal HTTP/1.1 server on 127.0.0.1 that serves registered artifacts, and can misbehave on purpose (cut a body
/// mid-stream, answer 503 once, omit Content-Length), for tests of artifact acquisition against a real server.
/// </summary>
public sealed class LoopbackArtifactServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, ArtifactServeMode Mode)> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;

    /// <summary>Initializes a new instance of the <see cref="LoopbackArtifactServer"/> class, listening on a free port.</summary>
    public LoopbackArtifactServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
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
        var path = "/" + (name ?? "artifact") + "-" + Guid.NewGuid().ToString("N")[..12];
        _routes[path] = (body, mode);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}"));
    }

    /// <summary>Counts the requests for an artifact's URL.</summary>
    /// <param name="url">The URL returned by <see cref="Serve"/>.</param>
    /// <returns>How many requests arrived for it.</returns>
    public int RequestCount(Uri url) => _requests.GetValueOrDefault(url.AbsolutePath);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
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
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream).ConfigureAwait(false);
                if (path is null)
                {
                    return;
                }

                var count = _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                if (!_routes.TryGetValue(path, out var route) || route.Mode == ArtifactServeMode.NotFound)
                {
                    await WriteStatusAsync(stream, "404 Not Found").ConfigureAwait(false);
                    return;
                }

                if (route.Mode == ArtifactServeMode.UnavailableOnce && count == 1)
                {
                    await WriteStatusAsync(stream, "503 Service Unavailable").ConfigureAwait(false);
                    return;
                }

                var body = route.Body;
                var headers = route.Mode == ArtifactServeMode.NoContentLength
                    ? "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
                    : string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(headers)).ConfigureAwait(false);
                if (route.Mode == ArtifactServeMode.CutMidStream)
                {
                    await stream.WriteAsync(body.AsMemory(0, body.Length / 2)).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);

                    // Reset the connection instead of a clean close: the client sees the body end early.
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                await stream.WriteAsync(body).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (IOException)
            {
                // The client went away; nothing to answer.
            }
            catch (SocketException)
            {
            }
        }
    }

    private static async Task WriteStatusAsync(NetworkStream stream, string status)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var requestLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
                var parts = requestLine.Split(' ');
                return parts.Length >= 2 ? parts[1] : null;
            }
        }

        return null;
    }
}
