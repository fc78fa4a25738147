using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Tests.Infrastructure;
using Upgrade.CrashMatrix;
using Xunit.Abstractions;

namespace Upgrade.Adapters.Docker.Tests.Integration;

/// <summary>
/// The kill -9 crash matrix on a real Docker engine: the agent test host runs one upgrade of a real container and is
/// killed with SIGKILL at every crash point (forward, in every step of a compensation, at seeded random pairs, and
/// before the backup container is removed), restarted until it exits, and the node must then equal golden-new or
/// golden-old, with no <c>{name}.bak</c> container left once the upgrade is complete.
/// </summary>
[Collection(DockerCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DockerCrashMatrixTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private const int Parallelism = 4;
    private const int DoubleKills = 50;
    private const int Seed = 20261130;
    private const string UpgradeId = "crash-matrix-v2";

    [DockerFact]
    public async Task AgentKilledAtEveryCrashPoint_EndsOnGoldenNewOrGoldenOld_NeverMixed()
    {
        engine.EnsureStarted();
        using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await engine.PullAsync(engine.V1, budget.Token);
        var log = new StringBuilder();
        var pullFresh = true;
        var runner = new CrashMatrixRunner(
            RuntimeTypes.Docker,
            Path.Combine(AppContext.BaseDirectory, "Upgrade.CrashMatrix.AgentHost.dll"),
            async (name, ct) =>
            {
                if (Volatile.Read(ref pullFresh))
                {
                    // Serial phase: the upgrade really pulls v2, and a compensation really discards what it pulled.
                    await engine.RemoveImageIfUnusedAsync(engine.V2, ct);
                }

                return await CrashContainerNode.CreateAsync(engine, ct);
            },
            server: null,
            line => { lock (log) { log.AppendLine(line); } });
        var watch = Stopwatch.StartNew();
        var progress = Path.Combine(AppContext.BaseDirectory, "crash-matrix-docker.progress");
        File.WriteAllText(progress, string.Empty);
        runner.Progress = line => { lock (log) { File.AppendAllText(progress, line + "\n"); } };
        try
        {
            // The cases that pull or discard the image run one at a time with v2 absent at their start.
            await runner.TakeGoldensAsync(CrashPoints.Actions, parallelism: 1, budget.Token);
            var cases = CrashCase.EveryForwardPoint(withStall: false, withCleanup: true)
                .Concat(CrashCase.EveryCompensationPoint())
                .Concat(CrashCase.RandomDoubleKills(Seed, DoubleKills, withStall: false, withCleanup: true))
                .ToList();
            bool Pulls(CrashCase c) => c.Name.Contains("acquire_artifact", StringComparison.Ordinal) || c.FailAction is "acquire_artifact" or "verify_artifact";
            await runner.RunAsync(cases.Where(Pulls), parallelism: 1, budget.Token);

            // Concurrent phase: a stopped container pins v2, so that no case's compensation removes the image another case uses.
            Volatile.Write(ref pullFresh, false);
            await engine.PullAsync(engine.V2, budget.Token);
            var pin = "crash-pin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters { Name = pin, Image = engine.V2.Reference, HostConfig = new HostConfig { NetworkMode = "none" } }, budget.Token);
            try
            {
                await runner.RunAsync(cases.Where(c => !Pulls(c)), Parallelism, budget.Token);
            }
            finally
            {
                await engine.Client.Containers.RemoveContainerAsync(pin, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            }
        }
        finally
        {
            var table = CrashTable.Format(RuntimeTypes.Docker, runner.Results, watch.Elapsed);
            var path = CrashTable.Write(RuntimeTypes.Docker, table + "\n" + log);
            output.WriteLine(table);
            output.WriteLine("written to " + path);
            output.WriteLine(log.ToString());
        }

        runner.Results.Count(r => r.End == CaseEnd.Mixed).ShouldBe(0, "no run may end in a mixed state");
        runner.Results.Count(r => r.NeededPerson).ShouldBe(0, "no run may need a person");
        runner.Results.Where(r => r.Problems.Count > 0).Select(r => r.Case.Name).ShouldBeEmpty();
        runner.Results.Where(r => r.Case.Kind == "single kill").Sum(r => r.Killed.Count).ShouldBe(CrashPoints.Forward(withStall: false, withCleanup: true).Count, "every forward point must have been reached and killed");
    }

    /// <summary>A fresh container running v1 with a bind-mounted config directory, and the payload of its upgrade to v2.</summary>
    private sealed class CrashContainerNode : ICrashNode
    {
        private readonly DockerEngineFixture _engine;
        private readonly string _name;
        private readonly string _directory;
        private readonly Dictionary<string, string> _replacements;

        private CrashContainerNode(DockerEngineFixture engine, string name, string directory)
        {
            _engine = engine;
            _name = name;
            _directory = directory;
            _replacements = new(StringComparer.Ordinal)
            {
                [directory] = "<node>",
                [name] = "<name>",
                [engine.V1.Reference] = "<v1>",
                [engine.V2.Reference] = "<v2>",
            };
        }

        public string StateDirectory => Path.Combine(_directory, "agent");

        public string PayloadPath => Path.Combine(_directory, "payload.json");

        public Uri? ArtifactUrl => null;

        private string ConfigDirectory => Path.Combine(_directory, "config");

        private string DataDirectory => Path.Combine(_directory, "data");

        public static async Task<ICrashNode> CreateAsync(DockerEngineFixture engine, CancellationToken cancellationToken)
        {
            var name = "crash-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var node = new CrashContainerNode(engine, name, Path.Combine(engine.StateRoot, "crash", name));
            Directory.CreateDirectory(node.ConfigDirectory);
            Directory.CreateDirectory(node.DataDirectory);
            await File.WriteAllTextAsync(Path.Combine(node.ConfigDirectory, "app.conf"), DockerTestNode.ConfigV1, cancellationToken);
            await engine.Client.Containers.CreateContainerAsync(
                new CreateContainerParameters
                {
                    Name = name,
                    Image = engine.V1.Reference,
                    Env = ["NODE_ROLE=validator", "APP_MODE=test"],
                    Labels = new Dictionary<string, string> { ["org.example.node"] = name, ["org.example.role"] = "validator" },
                    WorkingDir = "/data",
                    HostConfig = new HostConfig
                    {
                        NetworkMode = "none",
                        Binds = [$"{node.ConfigDirectory}:/etc/app:ro"],
                        Mounts = [new Mount { Type = "bind", Source = node.DataDirectory, Target = "/data" }],
                        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                    },
                },
                cancellationToken);
            await engine.Client.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken);

            var payload = new HostPayloadFile
            {
                Runtime = RuntimeTypes.Docker,
                DockerEndpoint = engine.Endpoint,
                ContainerName = name,
                AllowedConfigRoots = [node.ConfigDirectory],
                InstallTarget = name,
                DataDirectory = node.DataDirectory,
                UpgradeId = UpgradeId,
                SourceVersion = "1",
                TargetVersion = engine.V2.Tag,
                ArtifactUrl = engine.V2.Reference,
                ArtifactChecksum = engine.V2.Digest,
                ConfigFiles =
                [
                    new HostConfigFile { Path = Path.Combine(node.ConfigDirectory, "app.conf"), ContentBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(DockerTestNode.ConfigV2)) },
                    new HostConfigFile { Path = Path.Combine(node.ConfigDirectory, "extra.conf"), ContentBase64 = Convert.ToBase64String("extra = yes\n"u8.ToArray()) },
                ],
            };
            await payload.WriteAsync(node.PayloadPath, cancellationToken);
            return node;
        }

        public async Task<string> CaptureAsync(CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            foreach (var (label, container) in new[] { ("container", _name), ("backup-container", _name + ".bak") })
            {
                var inspect = await TryInspectAsync(container, cancellationToken);
                if (inspect is null)
                {
                    text.AppendLine(label + ": absent");
                    continue;
                }

                // Identity and what it runs: the name, the image (by digest), settings that the swap must carry over.
                var image = await _engine.Client.Images.InspectImageAsync(inspect.Image, cancellationToken);
                text.AppendLine($"{label}: ref={inspect.Config.Image} image-digests={string.Join(",", (image.RepoDigests ?? []).Order(StringComparer.Ordinal))} running={inspect.State.Running}");
                text.AppendLine($"  env={string.Join(",", (inspect.Config.Env ?? []).Order(StringComparer.Ordinal))}");
                text.AppendLine($"  labels={string.Join(",", (inspect.Config.Labels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");
                text.AppendLine($"  binds={string.Join(",", inspect.HostConfig.Binds ?? [])} mounts={string.Join(",", (inspect.HostConfig.Mounts ?? []).Select(m => $"{m.Type}:{m.Source}:{m.Target}"))}");
                text.AppendLine($"  restart={inspect.HostConfig.RestartPolicy?.Name} network={inspect.HostConfig.NetworkMode} workdir={inspect.Config.WorkingDir}");
            }

            foreach (var file in new[] { "app.conf", "extra.conf" })
            {
                text.Append(await NodeSnapshot.FileAsync(file, Path.Combine(ConfigDirectory, file), cancellationToken));
            }

            text.Append(NodeSnapshot.Leftovers(ConfigDirectory, ["app.conf", "extra.conf"], _replacements));
            text.Append(await NodeSnapshot.BackupDirectoryAsync(Path.Combine(DataDirectory, ".upgrade-backup", UpgradeId), _replacements, cancellationToken, jsonContent: false));
            return NodeSnapshot.Normalize(text.ToString(), _replacements);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var container in new[] { _name, _name + ".bak" })
            {
                try
                {
                    await _engine.Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
                }
                catch (DockerApiException)
                {
                }
            }

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private async Task<ContainerInspectResponse?> TryInspectAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                return await _engine.Client.Containers.InspectContainerAsync(name, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                return null;
            }
            catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        }
    }
}
