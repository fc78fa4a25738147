using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Upgrade.Samples.Agent;

// A node agent: Upgrade.Executor with the runtime named by runtime:type, durable file stores, and the gRPC client that
// dials out to the control plane. Configuration comes from appsettings.json, an optional --config FILE, environment
// variables (controlPlane__token=...) and the command line, in that order of precedence (last wins).
var builder = Host.CreateApplicationBuilder(args);
if (builder.Configuration["config"] is { Length: > 0 } file)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
    builder.Configuration.AddEnvironmentVariables();
    builder.Configuration.AddCommandLine(args);
}

builder.Services.AddSystemd();
builder.Services.AddNodeAgent(builder.Configuration);
using var host = builder.Build();
await host.RunAsync();
