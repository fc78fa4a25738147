using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>
/// Calls every endpoint of the host's route table with every kind of bad credential. The table is read from the host,
/// so an endpoint added later is covered without editing this test; only the listed anonymous endpoints are exempt.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>The only endpoints served without credentials: host health, metrics scraping and the API description.</summary>
    private static readonly HashSet<string> Anonymous = ["/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json"];

    [Fact]
    public async Task EveryEndpoint_RefusesMissingForgedExpiredAndNonAdminCredentials_AndNoSecretIsLogged()
    {
        await using var host = await ControlPlaneTestHost.StartAsync();
        var endpoints = Endpoints(host);
        var tokens = new List<string>();
        string Token(string scope, DateTimeOffset? expires = null, byte[]? key = null, string issuer = Credentials.Issuer, string audience = Credentials.Audience)
        {
            var token = Credentials.Token("alice", scope, expires, key, issuer, audience);
            tokens.Add(token);
            return token;
        }

        var cases = new (string Name, HttpClient Client, HttpStatusCode Expected)[]
        {
            ("no credentials", host.Anonymous(), HttpStatusCode.Unauthorized),
            ("unknown API key", host.WithApiKey(Credentials.UnknownKey), HttpStatusCode.Unauthorized),
            ("API key without admin", host.WithApiKey(Credentials.ReaderKey), HttpStatusCode.Forbidden),
            ("token without admin", host.WithToken(Token("read")), HttpStatusCode.Forbidden),
            ("token signed with another key", host.WithToken(Token("admin", key: Credentials.ForgedSigningKey)), HttpStatusCode.Unauthorized),
            ("expired token", host.WithToken(Token("admin", expires: DateTimeOffset.UtcNow.AddMinutes(-5))), HttpStatusCode.Unauthorized),
            ("token of another issuer", host.WithToken(Token("admin", issuer: "https://other.test")), HttpStatusCode.Unauthorized),
            ("token for another audience", host.WithToken(Token("admin", audience: "other")), HttpStatusCode.Unauthorized),
            ("unsigned token", host.WithToken(Unsigned("admin")), HttpStatusCode.Unauthorized),
            ("scope claimed in headers", ClaimAdminInHeaders(host.WithApiKey(Credentials.ReaderKey)), HttpStatusCode.Forbidden),
        };

        var failures = new List<string>();
        foreach (var endpoint in endpoints.Where(e => !Anonymous.Contains(e.Template)))
        {
            foreach (var (name, client, expected) in cases)
            {
                using var response = await client.SendAsync(endpoint.Request());
                if (response.StatusCode != expected)
                {
                    failures.Add($"{endpoint.Method} {endpoint.Template} with {name}: {(int)response.StatusCode}, expected {(int)expected}");
                }
            }

            // The API key in the query string is not a credential (it would end up in logs).
            using var query = await host.Anonymous().SendAsync(endpoint.Request("?api_key=" + Uri.EscapeDataString(Credentials.AdminKey)));
            if (query.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint.Method} {endpoint.Template} with the key in the query: {(int)query.StatusCode}");
            }

            if (!endpoint.Template.EndsWith("/events", StringComparison.Ordinal))
            {
                foreach (var admin in new[] { host.Admin(), host.WithToken(Token("read admin")) })
                {
                    using var response = await admin.SendAsync(endpoint.Request());
                    if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{endpoint.Method} {endpoint.Template} refused an admin: {(int)response.StatusCode}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty();
        endpoints.Count(e => !Anonymous.Contains(e.Template)).ShouldBeGreaterThan(20);

        var secrets = Credentials.Secrets().Concat(tokens).ToList();
        host.Logs.Lines.Count.ShouldBeGreaterThan(0);
        var leaks = host.Logs.Lines.Where(line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal))).ToList();
        leaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task RouteTable_HasEverySeedEndpointAndTheEngineSignals()
    {
        await using var host = await ControlPlaneTestHost.StartAsync();
        var routes = Endpoints(host).Select(e => $"{e.Method} {e.Template}").ToHashSet();

        string[] seed =
        [
            "POST /api/v1/rollouts/",
            "GET /api/v1/rollouts/",
            "GET /api/v1/rollouts/{id:guid}",
            "POST /api/v1/rollouts/{id:guid}/start",
            "POST /api/v1/rollouts/{id:guid}/pause",
            "POST /api/v1/rollouts/{id:guid}/resume",
            "POST /api/v1/rollouts/{id:guid}/cancel",
            "POST /api/v1/rollouts/{id:guid}/rollback",
            "GET /api/v1/rollouts/{id:guid}/nodes",
            "POST /api/v1/rollouts/{id:guid}/nodes/{nodeId}/retry",
            "POST /api/v1/rollouts/{id:guid}/approve-canary",
            "POST /api/v1/rollouts/{id:guid}/force",
            "POST /api/v1/rollout-groups/",
            "GET /api/v1/rollout-groups/{id:guid}",
            "POST /api/v1/rollout-groups/{id:guid}/start",
            "POST /api/v1/rollout-groups/{id:guid}/cancel",
            "GET /api/v1/rollout-groups/{id:guid}/status",
        ];
        seed.Where(r => !routes.Contains(r)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnonymousEndpoints_AreOnlyHealthMetricsAndTheApiDescription()
    {
        await using var host = await ControlPlaneTestHost.StartAsync();
        var client = host.Anonymous();

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await client.GetAsync("/metrics");
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        metrics.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        openApi.ShouldContain("/api/v1/rollouts/{id}/nodes/{nodeId}/retry");
        openApi.ShouldContain("/api/v1/rollout-groups/{id}/status");
        openApi.ShouldContain("\"chain_profile_id\"");
        openApi.ShouldContain("\"target_binary_checksum\"");
        openApi.ShouldContain("\"X-Api-Key\"");
    }

    private static HttpClient ClaimAdminInHeaders(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("X-Scope", "admin");
        client.DefaultRequestHeaders.Add("Scope", "admin");
        client.DefaultRequestHeaders.Add("X-Roles", "admin");
        return client;
    }

    private static string Unsigned(string scope)
    {
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        return Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode($$"""{"sub":"mallory","scope":"{{scope}}","iss":"{{Credentials.Issuer}}","aud":"{{Credentials.Audience}}","exp":{{expires}}}""") + ".";
    }

    private static List<RouteCall> Endpoints(ControlPlaneTestHost host)
    {
        var source = host.Service<EndpointDataSource>();
        var calls = new List<RouteCall>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                calls.Add(new RouteCall(method, endpoint.RoutePattern));
            }
        }

        return calls;
    }

    private sealed record RouteCall(string Method, RoutePattern Pattern)
    {
        public string Template => "/" + Pattern.RawText!.TrimStart('/');

        public HttpRequestMessage Request(string query = "")
        {
            var path = new StringBuilder();
            foreach (var segment in Pattern.PathSegments)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                {
                    path.Append(part switch
                    {
                        RoutePatternLiteralPart literal => literal.Content,
                        RoutePatternSeparatorPart separator => separator.Content,
                        RoutePatternParameterPart { Name: "id" } => Guid.NewGuid().ToString("D"),
                        RoutePatternParameterPart { Name: "documentName" } => "v1",
                        RoutePatternParameterPart => "node-1",
                        _ => string.Empty,
                    });
                }
            }

            var request = new HttpRequestMessage(new HttpMethod(Method), (path.Length == 0 ? "/" : path.ToString()) + query);
            if (Method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            return request;
        }
    }
}
