using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upgrade.Benchmarks;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that streams files from disk (one request per connection), so that serving
/// a 1 GiB artifact does not put it in the benchmark's own memory.
/// </summary>
public sealed class FileServer : IAsyncDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, string> _routes = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;

    public FileServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Serves the file at <paramref name="path"/> under <paramref name="name"/> and returns its URL.</summary>
    public Uri Serve(string path, string name)
    {
        _routes["/" + name] = path;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/{name}"));
    }

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
                client.NoDelay = true;
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                if (!_routes.TryGetValue(path, out var file))
                {
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stopping.Token);
                    return;
                }

                await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var header = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stopping.Token);
                await content.CopyToAsync(stream, BufferSize, _stopping.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), _stopping.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var parts = text[..text.IndexOf('\r', StringComparison.Ordinal)].Split(' ');
                return parts.Length >= 2 ? parts[1] : null;
            }
        }

        return null;
    }
}
