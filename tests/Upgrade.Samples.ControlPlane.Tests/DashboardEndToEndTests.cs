using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Upgrade.Samples.ControlPlane.Security;
using Upgrade.Testing;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>
/// The dashboard in headless Chromium against the host on a real port, over the demo fleet (local processes with
/// in-process agents): phases change live, pause holds the rollout after its batch, resume finishes it.
/// </summary>
public sealed class DashboardEndToEndTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Dashboard_ShowsPhasesLive_PauseHoldsAfterTheBatch_ResumeFinishes()
    {
        RequireChromium();
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Telemetry.ControlPlaneTelemetry.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var stateDirectory = Directory.CreateTempSubdirectory("controlplane-e2e-").FullName;
        var logs = new TestLogSink();
        var configuration = Credentials.Configuration(stateDirectory);
        configuration["ControlPlane:RunWorker"] = "true";
        configuration["ControlPlane:WorkerPollInterval"] = "00:00:00.100";
        configuration["ControlPlane:DemoFleet:Nodes"] = "4";
        configuration["Urls"] = "http://127.0.0.1:0";
        var app = ControlPlaneApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        });
        try
        {
            await app.StartAsync();
            var baseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(baseAddress) };
            http.DefaultRequestHeaders.Add(ControlPlaneAuth.ApiKeyHeader, Credentials.AdminKey);

            var created = await http.PostAsJsonAsync("/api/v1/rollouts", new Dictionary<string, object>
            {
                ["upgrade_id"] = "node-v2",
                ["chain_profile_id"] = "quickstart-local",
                ["node_type"] = "full",
                ["source_version"] = "v1",
                ["strategy"] = "rolling",
                ["batch_size"] = 2,

                // The window by whose end a node must answer: a demo node answers only after a runtime start that a
                // loaded machine stretches past a second beyond the settle time. The longer batch also leaves the
                // browser time to send the pause while batch 1 still runs.
                ["health_wait_seconds"] = 5,
            });
            var createdBody = await created.Content.ReadAsStringAsync();
            ((int)created.StatusCode).ShouldBe(201, createdBody);
            var id = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetString()!;

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 820 } });
            page.SetDefaultTimeout(30_000);
            var requestedUrls = new List<string>();
            page.Request += (_, request) => requestedUrls.Add(request.Url);
            var dialogs = new List<string>();
            page.Dialog += async (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                await dialog.AcceptAsync();
            };

            // Every phase text a node cell shows, as the page changes it.
            await page.AddInitScriptAsync("""
                window.__phases = new Set();
                new MutationObserver(() => document.querySelectorAll('td.phase').forEach(c => window.__phases.add(c.textContent)))
                  .observe(document, { subtree: true, childList: true, characterData: true });
                """);

            await page.GotoAsync(baseAddress + "/");
            await page.FillAsync("#key-input", Credentials.AdminKey);
            await page.ClickAsync("#key-form button[type=submit]");
            await page.ClickAsync($"tr[data-rollout-id='{id}']");
            await page.WaitForSelectorAsync("#rollout-status:text('pending')");
            await page.WaitForSelectorAsync("#live.on");

            await page.ClickAsync("button[data-signal='start']");
            await page.WaitForSelectorAsync("#rollout-status:text('running')");
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('table[data-batch=\"0\"] td.phase')].some(c => ['PREPARING','STOPPED','MUTATING','STARTING'].includes(c.textContent))");

            // Pause while batch 1 runs: the rollout finishes that batch, then holds.
            await page.ClickAsync("button[data-signal='pause']");
            await page.WaitForSelectorAsync("#rollout-status:text('paused')", new PageWaitForSelectorOptions { Timeout = 45_000 });
            var batch0 = await page.Locator("table[data-batch='0'] .status").AllTextContentsAsync();
            var batch1 = await page.Locator("table[data-batch='1'] .status").AllTextContentsAsync();
            batch0.ShouldBe(["succeeded", "succeeded"]);
            batch1.ShouldBe(["pending", "pending"]);
            (await page.Locator("table[data-batch='0'] .version").AllTextContentsAsync()).ShouldBe(["v2", "v2"]);
            (await page.TextContentAsync("#rollout-pause-reason")).ShouldNotBeNull().ShouldContain("operator");
            await page.WaitForFunctionAsync("() => document.querySelector('#progress-bar').style.width === '50%'");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(), FullPage = true });
            var afterPause = await (await http.GetAsync($"/api/v1/rollouts/{id}")).Content.ReadAsStringAsync();
            JsonDocument.Parse(afterPause).RootElement.GetProperty("status").GetString().ShouldBe("paused");

            await page.ClickAsync("button[data-signal='resume']");
            await page.WaitForSelectorAsync("#rollout-status:text('completed')", new PageWaitForSelectorOptions { Timeout = 45_000 });
            (await page.Locator("td.status").AllTextContentsAsync()).ShouldAllBe(s => s == "succeeded");
            (await page.Locator("td.version").AllTextContentsAsync()).ShouldAllBe(v => v == "v2");

            var phases = await page.EvaluateAsync<string[]>("() => [...window.__phases]");
            phases.Count(p => p is "PREPARING" or "STOPPED" or "MUTATING" or "STARTING" or "VERIFYING").ShouldBeGreaterThanOrEqualTo(2, string.Join(",", phases));
            dialogs.Count.ShouldBe(3, "start, pause and resume each asked for confirmation");
            requestedUrls.ShouldAllBe(u => !u.Contains(Credentials.AdminKey, StringComparison.Ordinal));

            var metrics = await new HttpClient().GetStringAsync(baseAddress + "/metrics");
            foreach (var instrument in new[] { "upgrade_rollout_count", "upgrade_rollout_duration_seconds", "upgrade_rollout_node_upgrade_count", "upgrade_rollout_node_upgrade_duration_seconds", "upgrade_rollout_active", "upgrade_rollout_progress", "upgrade_rollout_node_phase" })
            {
                metrics.ShouldContain(instrument);
            }

            var nodeSpans = spans.Where(a => a.OperationName == "rollout.node.upgrade").ToList();
            nodeSpans.Select(a => a.GetTagItem("upgrade.node.id")).Distinct().Count().ShouldBe(4);
            nodeSpans.ShouldAllBe(a => a.Events.Any(e => e.Name.StartsWith("phase ", StringComparison.Ordinal)));
            var run = spans.Single(a => a.OperationName == "rollout.run");
            run.Events.Select(e => e.Name).ShouldContain("rollout_paused");
            run.Status.ShouldBe(System.Diagnostics.ActivityStatusCode.Ok);
            nodeSpans.ShouldAllBe(a => a.ParentSpanId == run.SpanId);

            logs.Lines.Where(l => Credentials.Secrets().Any(s => l.Contains(s, StringComparison.Ordinal))).ShouldBeEmpty();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(stateDirectory, recursive: true);
        }
    }

    private static void RequireChromium()
    {
        if (File.Exists(Chromium))
        {
            return;
        }

        var message = $"Chromium is not installed at {Chromium} (apt-get install -y chromium).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(message + " CI=true: the browser test must run.");
        }

        throw new ConformanceSkipException(message);
    }

    /// <summary>docs/images/control-plane-dashboard.png in the repository (the README shows it).</summary>
    private static string ScreenshotPath([CallerFilePath] string source = "")
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(source)));
        if (root is null || !File.Exists(Path.Combine(root, "Sdk.sln")))
        {
            root = Directory.GetCurrentDirectory();
            while (root is not null && !File.Exists(Path.Combine(root, "Sdk.sln")))
            {
                root = Path.GetDirectoryName(root);
            }
        }

        var directory = root is null ? Path.GetTempPath() : Path.Combine(root, "docs", "images");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "control-plane-dashboard.png");
    }
}
