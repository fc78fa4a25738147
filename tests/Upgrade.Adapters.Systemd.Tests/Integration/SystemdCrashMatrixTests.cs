using System.Diagnostics;
using System.Text;
using Upgrade.CrashMatrix;
using Xunit.Abstractions;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>
/// The kill -9 crash matrix on a real systemd: the agent test host runs one upgrade of a real unit and is killed with
/// SIGKILL at every crash point (forward, mid-download, in every step of a compensation, and at seeded random pairs),
/// restarted until it exits, and the node must then equal golden-new or golden-old, never anything in between.
/// </summary>
[Collection(SystemdCollection.Name)]
public sealed class SystemdCrashMatrixTests(SystemdFixture fixture, ITestOutputHelper output)
{
    private const int Parallelism = 4;
    private const int DoubleKills = 50;
    private const int Seed = 20261129;

    [SystemdFact]
    public async Task AgentKilledAtEveryCrashPoint_EndsOnGoldenNewOrGoldenOld_NeverMixed()
    {
        if (fixture.SystemdPid == 0)
        {
            throw new InvalidOperationException("systemd is not running: " + (SystemdEnvironment.MissingReason ?? "the fixture did not boot it") + ".");
        }

        await using var server = new LoopbackArtifactServer();
        var log = new StringBuilder();
        var runner = new CrashMatrixRunner(
            RuntimeTypes.Systemd,
            Path.Combine(AppContext.BaseDirectory, "Upgrade.CrashMatrix.AgentHost.dll"),
            (name, ct) => CrashServiceNode.CreateAsync(fixture, server, name, ct),
            server,
            line => { lock (log) { log.AppendLine(line); } });
        using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var watch = Stopwatch.StartNew();
        var progress = Path.Combine(AppContext.BaseDirectory, "crash-matrix-systemd.progress");
        File.WriteAllText(progress, string.Empty);
        runner.Progress = line => { lock (log) { File.AppendAllText(progress, line + "\n"); } };
        try
        {
            await runner.TakeGoldensAsync(CrashPoints.Actions, Parallelism, budget.Token);
            var cases = CrashCase.EveryForwardPoint(withStall: true, withCleanup: false)
                .Concat(CrashCase.EveryCompensationPoint())
                .Concat(CrashCase.RandomDoubleKills(Seed, DoubleKills, withStall: true, withCleanup: false));
            await runner.RunAsync(cases, Parallelism, budget.Token);
        }
        finally
        {
            var table = CrashTable.Format(RuntimeTypes.Systemd, runner.Results, watch.Elapsed);
            var path = CrashTable.Write(RuntimeTypes.Systemd, table + "\n" + log);
            output.WriteLine(table);
            output.WriteLine("written to " + path);
            output.WriteLine(log.ToString());
        }

        runner.Results.Count(r => r.End == CaseEnd.Mixed).ShouldBe(0, "no run may end in a mixed state");
        runner.Results.Count(r => r.NeededPerson).ShouldBe(0, "no run may need a person");
        runner.Results.Where(r => r.Problems.Count > 0).Select(r => r.Case.Name).ShouldBeEmpty();
        runner.Results.Where(r => r.Case.Kind == "single kill").Sum(r => r.Killed.Count).ShouldBe(CrashPoints.Forward(withStall: true, withCleanup: false).Count, "every forward point must have been reached and killed");
    }

    /// <summary>A fresh unit running v1, with the payload of its upgrade to v2 served by the harness.</summary>
    private sealed class CrashServiceNode : ICrashNode
    {
        private const string UpgradeId = "crash-matrix-v2";

        private readonly ServiceNode _node;
        private readonly Dictionary<string, string> _replacements;

        private CrashServiceNode(ServiceNode node, Uri artifact)
        {
            _node = node;
            ArtifactUrl = artifact;
            StateDirectory = Path.Combine(node.Directory, "agent");
            PayloadPath = Path.Combine(node.Directory, "payload.json");
            _replacements = new(StringComparer.Ordinal) { [node.Directory] = "<node>", [node.Name] = "<name>" };
        }

        public string StateDirectory { get; }

        public string PayloadPath { get; }

        public Uri? ArtifactUrl { get; }

        public static async Task<ICrashNode> CreateAsync(SystemdFixture fixture, LoopbackArtifactServer server, string caseName, CancellationToken cancellationToken)
        {
            var node = await ServiceNode.CreateAsync(fixture, "crash");
            var crashNode = new CrashServiceNode(node, server.Serve(ServiceNode.V2Binary));
            var payload = new HostPayloadFile
            {
                Runtime = RuntimeTypes.Systemd,
                UnitName = node.UnitName,
                CommandPrefix = fixture.CommandPrefix,
                AllowedConfigRoots = [node.ConfigDirectory],
                InstallTarget = node.BinaryPath,
                DataDirectory = node.DataDirectory,
                UpgradeId = UpgradeId,
                SourceVersion = "v1",
                TargetVersion = "v2",
                ArtifactUrl = crashNode.ArtifactUrl!.ToString(),
                ArtifactChecksum = Sha256Checksum.Compute(ServiceNode.V2Binary),
                ConfigFiles =
                [
                    new HostConfigFile { Path = node.ConfigPath, ContentBase64 = Convert.ToBase64String(ServiceNode.V2Config) },
                    new HostConfigFile { Path = node.ExtraConfigPath, ContentBase64 = Convert.ToBase64String(ServiceNode.V2ExtraConfig) },
                ],
            };
            await payload.WriteAsync(crashNode.PayloadPath, cancellationToken);
            await File.AppendAllTextAsync(Path.Combine(node.Directory, "case"), caseName, cancellationToken);
            return crashNode;
        }

        public async Task<string> CaptureAsync(CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            text.Append(await NodeSnapshot.FileAsync("binary", _node.BinaryPath, cancellationToken));
            text.Append(await NodeSnapshot.FileAsync("config", _node.ConfigPath, cancellationToken));
            text.Append(await NodeSnapshot.FileAsync("extra-config", _node.ExtraConfigPath, cancellationToken));
            text.Append(NodeSnapshot.Leftovers(Path.GetDirectoryName(_node.BinaryPath)!, [_node.BinaryPath], _replacements));
            text.Append(NodeSnapshot.Leftovers(_node.ConfigDirectory, [_node.ConfigPath, _node.ExtraConfigPath], _replacements));
            text.Append(await NodeSnapshot.BackupDirectoryAsync(Path.Combine(_node.DataDirectory, ".upgrade-backup", UpgradeId), _replacements, cancellationToken));
            text.Append(await NodeSnapshot.TextFileAsync("unit-file", _node.UnitFilePath, _replacements, cancellationToken));

            // The unit's identity and what it runs: the state systemd reports and what the running process says it is.
            var active = await _node.ShowAsync("ActiveState");
            text.Append("unit: ").AppendLine(active);
            if (active == "active")
            {
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (true)
                {
                    var mainPid = await _node.ShowAsync("MainPID");
                    var observed = File.Exists(_node.ObservedPath) ? await _node.ReadObservedAsync() : null;
                    if (observed is not null && observed.Pid == mainPid)
                    {
                        text.Append("running: version=").Append(observed.Version).Append(" config=").Append(observed.Config).Append(" extra=").AppendLine(observed.Extra);
                        break;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        text.AppendLine("running: a process that did not report itself");
                        break;
                    }

                    await Task.Delay(50, cancellationToken);
                }
            }

            return text.ToString();
        }

        public ValueTask DisposeAsync() => _node.DisposeAsync();
    }
}
