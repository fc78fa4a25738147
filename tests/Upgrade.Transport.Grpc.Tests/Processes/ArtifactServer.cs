using System.Net;
using System.Net.Sockets;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>Serves node binaries over HTTP on 127.0.0.1, as a release server would.</summary>
internal sealed class ArtifactServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public ArtifactServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Publish(string name, byte[] content)
    {
        lock (_files)
        {
            _files[name] = content;
        }

        return $"http://127.0.0.1:{Port}/artifacts/{name}";
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var name = context.Request.Url?.AbsolutePath.Replace("/artifacts/", string.Empty, StringComparison.Ordinal) ?? string.Empty;
            byte[]? content;
            lock (_files)
            {
                _files.TryGetValue(name, out content);
            }

            context.Response.StatusCode = content is null ? 404 : 200;
            if (content is not null)
            {
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content);
            }

            context.Response.Close();
        }
    }
}
