// The agent test host of the crash matrix.
// Usage: dotnet Upgrade.CrashMatrix.AgentHost.dll --payload FILE --state DIR [--crash POINT] [--fail ACTION]
// Runs the upgrade of the payload file with the SDK's executor, file stores under DIR and the payload's runtime
// adapter; prints "reached POINT" and blocks forever at the armed crash point; traces every action, compensation and
// mutating runtime call on stdout. Exit codes: 0 succeeded, 10 compensated, 20 rollback failed, 1 error.
using Microsoft.Extensions.DependencyInjection;
using Upgrade;
using Upgrade.Adapters.Docker;
using Upgrade.CrashMatrix;
using Upgrade.CrashMatrix.AgentHost;
using Upgrade.Executor;

string? payloadPath = null, stateDirectory = null, failAction = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--payload": payloadPath = args[i + 1]; break;
        case "--state": stateDirectory = args[i + 1]; break;
        case "--crash": CrashSwitch.Armed = args[i + 1]; break;
        case "--fail": failAction = args[i + 1]; break;
        default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
    }
}

if (payloadPath is null || stateDirectory is null)
{
    Console.Error.WriteLine("usage: --payload FILE --state DIR [--crash POINT] [--fail ACTION]");
    return 2;
}

try
{
    var file = await HostPayloadFile.ReadAsync(payloadPath, CancellationToken.None);
    using var services = CreateServices(file, stateDirectory);
    var adapter = services.GetRequiredKeyedService<IRuntimeAdapter>(file.Runtime);
    var completed = new FileCompletedUpgradeStore(Path.Combine(stateDirectory, "completed"));
    var checkpoints = new FileCheckpointStore(Path.Combine(stateDirectory, "checkpoints"));
    var actions = UpgradeActions.CreateDefault();
    var executor = new UpgradeExecutor(new CrashingCompletedStore(completed, actions[^1].Name), new CrashingCheckpointStore(checkpoints));
    var runtime = new CrashingRuntimeAdapter(adapter);

    // The agent turns the payload into the node's parameters exactly as in production; the actions are decorated.
    var agent = new UpgradeAgent(executor, runtime, completed, new UpgradeAgentOptions
    {
        RuntimeType = file.Runtime,
        InstallTarget = file.InstallTarget,
        DataDirectory = file.DataDirectory,
        AllowInsecureHttp = true,
    });
    var payload = new UpgradePayload
    {
        UpgradeId = file.UpgradeId,
        BinaryName = "app",
        SourceVersion = file.SourceVersion,
        TargetVersion = file.TargetVersion,
        ArtifactUrl = file.ArtifactUrl,
        ArtifactChecksum = file.ArtifactChecksum,
        ConfigFiles = [.. file.ConfigFiles.Select(c => ConfigFile.Create(c.Path, Convert.FromBase64String(c.ContentBase64)))],
    };
    var decorated = actions.Select(a => (IUpgradeAction)new CrashingAction(a, string.Equals(a.Name, failAction, StringComparison.Ordinal))).ToList();

    var outcome = await executor.ExecuteAsync(decorated, runtime, agent.CreateParameters(payload));
    Console.Out.WriteLine($"outcome {outcome.Status} replay={outcome.IsReplay}");
    if (outcome is UpgradeSucceeded && adapter is IDockerBackupCleanup cleanup)
    {
        // The host accepts the upgrade: the backup container was the rollback path and must not outlive it.
        CrashSwitch.CurrentAction = null;
        CrashSwitch.Hit(CrashPoints.Cleanup);
        var removed = await cleanup.RemoveBackupContainerAsync(CancellationToken.None);
        Console.Out.WriteLine("cleanup removed=" + removed);
    }

    return outcome switch
    {
        UpgradeSucceeded => CrashMatrixRunner.ExitSucceeded,
        UpgradeCompensated => CrashMatrixRunner.ExitCompensated,
        _ => CrashMatrixRunner.ExitRollbackFailed,
    };
}
catch (Exception exception)
{
    Console.Error.WriteLine(exception.ToString());
    return 1;
}

// The adapter comes from the SDK's own registration, as in a real agent.
static ServiceProvider CreateServices(HostPayloadFile file, string stateDirectory)
{
    var services = new ServiceCollection();
    var builder = services.AddUpgradeExecutor();
    switch (file.Runtime)
    {
        case RuntimeTypes.Systemd:
            builder.AddSystemdRuntime(o =>
            {
                o.UnitName = file.UnitName;
                o.AllowInsecureHttp = true;
                o.StartSettleTime = TimeSpan.FromMilliseconds(250);
                o.StatusPollInterval = TimeSpan.FromMilliseconds(100);
                o.DownloadRetryAttempts = 2;
                o.DownloadRetryDelay = TimeSpan.FromMilliseconds(50);
                foreach (var part in file.CommandPrefix)
                {
                    o.CommandPrefix.Add(part);
                }

                foreach (var root in file.AllowedConfigRoots)
                {
                    o.AllowedConfigRoots.Add(root);
                }
            });
            break;
        case RuntimeTypes.Docker:
            builder.AddDockerRuntime(o =>
            {
                o.Endpoint = file.DockerEndpoint!;
                o.ContainerName = file.ContainerName;
                o.AllowedConfigRoots = [.. file.AllowedConfigRoots];
                o.StopTimeout = TimeSpan.FromSeconds(3);
                o.StartSettleTime = TimeSpan.FromMilliseconds(250);

                // The records of pulled images must survive the kills, like the checkpoints next to them.
                o.StateDirectory = Path.GetFullPath(Path.Combine(stateDirectory, "docker"));
            });
            break;
        default:
            throw new ArgumentException($"runtime must be systemd or docker, not '{file.Runtime}'.", nameof(file));
    }

    return services.BuildServiceProvider();
}
