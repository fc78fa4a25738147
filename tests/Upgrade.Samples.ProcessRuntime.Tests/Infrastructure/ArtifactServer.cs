using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upgrade.Samples.ProcessRuntime.Tests;

/// <summary>How the artifact server answers a path.</summary>
public enum ServeMode
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

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that serves registered artifacts, and can misbehave on purpose.</summary>
public sealed class ArtifactServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, ServeMode Mode)> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;

    public ArtifactServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Serves <paramref name="body"/> at a fresh path and returns its URL.</summary>
    public Uri Serve(byte[] body, ServeMode mode = ServeMode.Normal, string? name = null)
    {
        var path = "/" + (name ?? "artifact") + "-" + Guid.NewGuid().ToString("N")[..12];
        _routes[path] = (body, mode);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}"));
    }

    public int RequestCount(Uri url) => _requests.GetValueOrDefault(url.AbsolutePath);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
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
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
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
                var path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                var count = _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                if (!_routes.TryGetValue(path, out var route) || route.Mode == ServeMode.NotFound)
                {
                    await WriteStatusAsync(stream, "404 Not Found");
                    return;
                }

                if (route.Mode == ServeMode.UnavailableOnce && count == 1)
                {
                    await WriteStatusAsync(stream, "503 Service Unavailable");
                    return;
                }

                var body = route.Body;
                var headers = route.Mode == ServeMode.NoContentLength
                    ? "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
                    : string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
                if (route.Mode == ServeMode.CutMidStream)
                {
                    await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await stream.FlushAsync();

                    // Reset the connection instead of a clean close: the client sees the body end early.
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                await stream.WriteAsync(body);
                await stream.FlushAsync();
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
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        await stream.FlushAsync();
    }

    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length));
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
