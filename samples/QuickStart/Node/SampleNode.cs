using System.Net;
using System.Text;
using System.Text.Json;

namespace QuickStart.Node;

/// <summary>
/// The tiny program the quick start upgrades: an HTTP server on 127.0.0.1 that reports its version, its health and the
/// configuration file it read at start. Two "binaries" (v1 and v2) are small launcher scripts that run it.
/// </summary>
internal static class SampleNode
{
    /// <summary>
    /// The environment variable that makes a node exit at once, with code 3, when it starts on the named version. The
    /// launcher script checks it (see <see cref="Fleet.NodeBinaries"/>), so the program itself never starts then.
    /// </summary>
    public const string CrashOnVersionVariable = "QUICKSTART_CRASH_ON_VERSION";

    public static async Task<int> RunAsync(string version, string configPath, int port, CancellationToken cancellationToken)
    {
        var config = File.Exists(configPath) ? await File.ReadAllTextAsync(configPath, cancellationToken) : string.Empty;
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { version, status = "ok", config }));
        using var registration = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            context.Response.ContentType = "application/json";
            context.Response.StatusCode = context.Request.Url?.AbsolutePath == "/health" ? 200 : 404;
            if (context.Response.StatusCode == 200)
            {
                await context.Response.OutputStream.WriteAsync(body, cancellationToken);
            }

            context.Response.Close();
        }

        return 0;
    }
}
