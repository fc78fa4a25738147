using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QuickStart.Rollout;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Agents;
using Upgrade.Samples.ControlPlane.Api;
using Upgrade.Samples.ControlPlane.Demo;
using Upgrade.Samples.ControlPlane.Events;
using Upgrade.Samples.ControlPlane.Options;
using Upgrade.Samples.ControlPlane.Security;
using Upgrade.Samples.ControlPlane.Storage;
using Upgrade.Samples.ControlPlane.Telemetry;
using Upgrade.Transport.Grpc;

namespace Upgrade.Samples.ControlPlane;

/// <summary>Builds the control-plane host: the API over Upgrade.Orchestration, its security, telemetry and dashboard.</summary>
internal static class ControlPlaneApp
{
    /// <summary>Builds the host.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--ControlPlane:DemoFleet:Nodes=8</c>).</param>
    /// <param name="configure">Runs before the services are added: tests add configuration and a test server here.</param>
    /// <param name="console">Where a generated admin key is printed once; standard output by default.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, TextWriter? console = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);

        var section = builder.Configuration.GetSection(ControlPlaneOptions.SectionName);
        var options = section.Get<ControlPlaneOptions>() ?? new ControlPlaneOptions();
        Directory.CreateDirectory(Path.GetFullPath(options.StateDirectory));
        var admin = AdminKeyBootstrap.Ensure(options, console ?? Console.Out);

        var services = builder.Services;
        services.AddOptions<ControlPlaneOptions>().Bind(section).PostConfigure(o =>
        {
            if (admin is not null && !o.Authentication.ApiKeys.Any(k => string.Equals(k.Sha256, admin.Sha256, StringComparison.OrdinalIgnoreCase)))
            {
                o.Authentication.ApiKeys.Add(admin);
            }
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>();
        services.AddSingleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsCustomValidator>();

        AddApi(services);
        AddSecurity(services);
        AddOrchestration(services, options, NetworkedAgents.Read(builder.Configuration));
        AddTelemetry(services);

        var app = builder.Build();
        MapAll(app);
        return app;
    }

    private static void AddApi(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Upgrade control plane";
            document.Info.Description = "Rollouts and rollout groups over Upgrade.Orchestration. Every /api/v1 endpoint needs the admin scope: "
                + "an X-Api-Key header or a bearer token from the configured issuer.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ControlPlaneAuth.ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ControlPlaneAuth.ApiKeyHeader,
                Description = "An API key with the admin scope.",
            };
            document.Components.SecuritySchemes[ControlPlaneAuth.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token of the configured issuer whose scope includes admin.",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ControlPlaneAuth.ApiKeyScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ControlPlaneAuth.BearerScheme, document)] = [] },
            ];
            return Task.CompletedTask;
        }));
        services.AddSingleton<IdempotentCreates>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }

    private static void AddSecurity(IServiceCollection services)
    {
        services.AddAuthentication(ControlPlaneAuth.Scheme)
            .AddPolicyScheme(ControlPlaneAuth.Scheme, ControlPlaneAuth.Scheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ControlPlaneAuth.BearerScheme : ControlPlaneAuth.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ControlPlaneAuth.ApiKeyScheme, null)
            .AddJwtBearer(ControlPlaneAuth.BearerScheme);
        services.AddOptions<JwtBearerOptions>(ControlPlaneAuth.BearerScheme).Configure<IOptions<ControlPlaneOptions>>((o, controlPlane) =>
        {
            var jwt = controlPlane.Value.Authentication.Jwt;
            var key = jwt.Enabled && ControlPlaneOptionsCustomValidator.TryDecode(jwt.SigningKey!, out var bytes) ? bytes : null;
            o.MapInboundClaims = false;
            o.RequireHttpsMetadata = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                // Without a configured issuer no token validates: there is no key to check signatures with.
                ValidateIssuer = true,
                ValidIssuer = jwt.Issuer ?? "unconfigured",
                ValidateAudience = true,
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = key is null ? null : new SymmetricSecurityKey(key),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = jwt.ClockSkew,
            };
            o.Events = new JwtBearerEvents { OnTokenValidated = context => ToControlPlanePrincipal(context, jwt) };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ControlPlaneAuth.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ControlPlaneAuth.ScopeClaim, ControlPlaneAuth.AdminScope));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
    }

    /// <summary>
    /// Rebuilds the principal from a validated token: its subject, and only the scopes the configured issuer may grant.
    /// The token was signed by the configured key, so its scope claim is the issuer's grant, not the caller's choice.
    /// </summary>
    private static Task ToControlPlanePrincipal(TokenValidatedContext context, JwtIssuerSettings jwt)
    {
        var token = context.Principal!;
        var subject = token.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail("The token has no subject.");
            return Task.CompletedTask;
        }

        var granted = token.FindAll("scope").Concat(token.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(s => jwt.EffectiveGrantableScopes.Contains(s, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        var identity = new ClaimsIdentity(ControlPlaneAuth.BearerScheme, ClaimTypes.Name, ControlPlaneAuth.ScopeClaim);
        identity.AddClaim(new Claim(ClaimTypes.Name, subject));
        identity.AddClaim(new Claim(ControlPlaneAuth.MethodClaim, "jwt"));
        foreach (var scope in granted)
        {
            identity.AddClaim(new Claim(ControlPlaneAuth.ScopeClaim, scope));
        }

        context.Principal = new ClaimsPrincipal(identity);
        return Task.CompletedTask;
    }

    private static void AddOrchestration(IServiceCollection services, ControlPlaneOptions options, NetworkedAgentsOptions networked)
    {
        services.AddSingleton(new ControlPlaneDatabase(options.DatabasePath));
        services.AddSingleton<RolloutEventBroadcaster>();
        services.AddSingleton<IRolloutEventSink>(sp => sp.GetRequiredService<RolloutEventBroadcaster>());

        var chains = new Dictionary<string, string>(options.Chains, StringComparer.Ordinal);
        var demo = options.DemoFleet.Nodes > 0 && !networked.Enabled;
        if (networked.Enabled)
        {
            // Networked agents dial in to the gRPC agent hub; the default stays the embedded demo fleet.
            NetworkedAgents.Add(services, networked);
        }
        else if (demo)
        {
            chains[DemoFleet.ChainProfileId] = Upgrade.Samples.ProcessRuntime.ProcessRuntimeAdapter.RuntimeType;

            // Registered before the rollout worker: hosted services start in order, so the fleet is up before any run.
            services.AddSingleton<DemoFleet>();
            services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
            services.AddSingleton<INodeInventory>(sp => sp.GetRequiredService<DemoFleet>());
            services.AddSingleton<IHealthSource>(sp => sp.GetRequiredService<DemoFleet>());
            services.AddSingleton<IAgentTransport>(sp => sp.GetRequiredService<DemoFleet>());
            services.AddSingleton<IConfigTemplateSource>(new UpgradeManifestFile.Templates());
            services.AddSingleton<IConfigVariableSource>(new UpgradeManifestFile.Variables());
        }
        else
        {
            var none = new NoFleet();
            services.AddSingleton<INodeInventory>(none);
            services.AddSingleton<IHealthSource>(none);
            services.AddSingleton<IAgentTransport>(none);
        }

        services.AddSingleton<IChainCatalog>(new ConfiguredChainCatalog(chains));
        var orchestration = services.AddUpgradeOrchestration(o =>
        {
            o.DatabasePath = options.DatabasePath;
            o.WorkerPollInterval = options.WorkerPollInterval;
            o.HealthPollInterval = options.DemoFleet.HealthPollInterval;
            o.UpgradeRetryDelay = TimeSpan.FromMilliseconds(200);
            if (demo)
            {
                o.ConfigDirectory = DemoFleet.ConfigDirectory(options);
            }
            else if (networked.Enabled && networked.ConfigDirectory is { } configDirectory)
            {
                o.ConfigDirectory = configDirectory;
            }
        });
        if (options.RunWorker)
        {
            orchestration.AddRolloutWorker();
        }
    }

    private static void AddTelemetry(IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("upgrade-control-plane"))
            .WithMetrics(m => m.AddMeter(ControlPlaneTelemetry.OrchestrationMeter).AddPrometheusExporter())
            .WithTracing(t => t.AddSource(ControlPlaneTelemetry.SourceName).AddAspNetCoreInstrumentation());
    }

    private static void MapAll(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ControlPlaneAuth.AdminPolicy)
            .AddEndpointFilter<AuditFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapRolloutEndpoints();
        api.MapGroupEndpoints();
        api.MapEventEndpoints();

        if (app.Services.GetService<GrpcAgentTransport>() is not null)
        {
            app.MapUpgradeAgentHub();
        }

        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
