using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upgrade.CrashMatrix;

/// <summary>
/// Serves one artifact over HTTP on 127.0.0.1. When armed for a path, the next request for it gets the full
/// Content-Length and half of the body, then nothing: the download is stalled mid-stream until the client goes away,
/// which is where the harness kills the host.
/// </summary>
public sealed class StallingArtifactServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _stalls = new(StringComparer.Ordinal);
    private readonly Task _accept;

    public StallingArtifactServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Serves <paramref name="body"/> at a fresh path.</summary>
    public Uri Serve(byte[] body)
    {
        var path = "/artifact-" + Guid.NewGuid().ToString("N")[..12];
        lock (_bodies)
        {
            _bodies[path] = body;
        }

        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{path}"));
    }

    /// <summary>Stalls the next request for <paramref name="url"/> half-way; the task completes when it is stalled.</summary>
    public Task StallNextAsync(Uri url)
    {
        var stall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_bodies)
        {
            _stalls[url.AbsolutePath] = stall;
        }

        return stall.Task;
    }

    /// <summary>Removes a stall that no request consumed.</summary>
    public void Disarm(Uri url)
    {
        lock (_bodies)
        {
            _stalls.Remove(url.AbsolutePath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
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
                var path = await ReadPathAsync(stream);
                byte[]? body;
                TaskCompletionSource? stall;
                lock (_bodies)
                {
                    _bodies.TryGetValue(path ?? string.Empty, out body);
                    _stalls.Remove(path ?? string.Empty, out stall);
                }

                if (body is null)
                {
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                    return;
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n")));
                if (stall is not null)
                {
                    await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await stream.FlushAsync();
                    stall.TrySetResult();

                    // Hold the connection open until the killed client's socket closes.
                    var buffer = new byte[256];
                    while (await stream.ReadAsync(buffer, _stopping.Token) > 0)
                    {
                    }

                    return;
                }

                await stream.WriteAsync(body);
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task<string?> ReadPathAsync(NetworkStream stream)
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
                var parts = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
                return parts.Length >= 2 ? parts[1] : null;
            }
        }

        return null;
    }
}
