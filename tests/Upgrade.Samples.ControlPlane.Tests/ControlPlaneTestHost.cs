using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Upgrade.Samples.ControlPlane.Security;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>The host on a test server, with the test credentials, no worker and no fleet, and its logs captured.</summary>
internal sealed class ControlPlaneTestHost : IAsyncDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("controlplane-test-").FullName;

    private ControlPlaneTestHost(Dictionary<string, string?>? overrides)
    {
        var configuration = Credentials.Configuration(_stateDirectory);
        foreach (var (key, value) in overrides ?? [])
        {
            configuration[key] = value;
        }

        App = ControlPlaneApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(Logs);
        });
    }

    public WebApplication App { get; }

    public TestLogSink Logs { get; } = new();

    public string StateDirectory => _stateDirectory;

    public static async Task<ControlPlaneTestHost> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var host = new ControlPlaneTestHost(overrides);
        await host.App.StartAsync();
        return host;
    }

    public HttpClient Anonymous() => App.GetTestClient();

    public HttpClient WithApiKey(string key)
    {
        var client = App.GetTestClient();
        client.DefaultRequestHeaders.Add(ControlPlaneAuth.ApiKeyHeader, key);
        return client;
    }

    public HttpClient Admin() => WithApiKey(Credentials.AdminKey);

    public HttpClient WithToken(string token)
    {
        var client = App.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
