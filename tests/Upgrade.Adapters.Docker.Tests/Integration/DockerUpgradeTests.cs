using System.Diagnostics;
using System.Text;
using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Tests.Infrastructure;
using Upgrade.Executor;
using Upgrade.Testing;

namespace Upgrade.Adapters.Docker.Tests.Integration;

/// <summary>Upgrades and failed upgrades of real containers through the executor and its eight actions.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerUpgradeTests(DockerEngineFixture engine)
{
    private static readonly string[] NodeEnv = ["NODE_ROLE=validator", "APP_MODE=test"];

    private static UpgradeExecutor CreateExecutor() => new(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

    [DockerFact]
    public async Task Upgrade_RunningV1_RecreatesContainerWithV2AndSameSettings()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var original = await node.InspectAsync();
        (await node.Adapter.IsArtifactAcquiredAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None)).ShouldBeFalse("the upgrade must really pull");

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        var upgraded = await node.InspectAsync();
        upgraded.ID.ShouldNotBe(original.ID);
        upgraded.Name.ShouldBe("/" + node.Name);
        upgraded.State.Running.ShouldBeTrue();
        upgraded.Config.Image.ShouldBe(engine.V2.Reference);
        (await engine.Client.Images.InspectImageAsync(upgraded.Image)).RepoDigests.ShouldContain(engine.V2.Reference);
        upgraded.Config.Env.ShouldContain("APP_VERSION=2", "the new image's own defaults apply");
        upgraded.Config.Env.ShouldNotContain("APP_VERSION=1");
        foreach (var variable in NodeEnv)
        {
            upgraded.Config.Env.ShouldContain(variable);
        }

        upgraded.Config.Labels["org.example.node"].ShouldBe(node.Name);
        upgraded.Config.Labels["org.example.role"].ShouldBe("validator");
        upgraded.Config.Labels["org.example.version"].ShouldBe("2");
        upgraded.Config.WorkingDir.ShouldBe("/data");
        upgraded.HostConfig.Binds.ShouldBe(original.HostConfig.Binds);
        upgraded.HostConfig.Mounts.Select(mount => (mount.Type, mount.Source, mount.Target))
            .ShouldBe(original.HostConfig.Mounts.Select(mount => (mount.Type, mount.Source, mount.Target)));
        upgraded.HostConfig.RestartPolicy.Name.ShouldBe(RestartPolicyKind.UnlessStopped);
        upgraded.HostConfig.NetworkMode.ShouldBe("none");
        upgraded.Config.Hostname.ShouldNotBe(original.Config.Hostname);
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe(DockerTestNode.ConfigV2);
        File.Exists(node.NewConfigPath).ShouldBeTrue();

        // The renamed original is the rollback path until the host removes it.
        var backup = await node.InspectAsync(node.Name + ".bak");
        backup.ID.ShouldBe(original.ID);
        backup.State.Running.ShouldBeFalse();
        (await node.Adapter.RemoveBackupContainerAsync()).ShouldBeTrue();
        (await node.TryInspectAsync(node.Name + ".bak")).ShouldBeNull();
        (await node.Adapter.RemoveBackupContainerAsync()).ShouldBeFalse();
        (await node.InspectAsync()).ID.ShouldBe(upgraded.ID);
    }

    [DockerFact]
    public async Task Upgrade_DigestNotInRegistry_LeavesOriginalRunning()
    {
        var missing = "sha256:" + new string('0', 63) + "1";
        await using var node = await DockerTestNode.CreateAsync(engine, artifactSource: $"{engine.Repository}@{missing}", artifactChecksum: missing);
        var original = await node.InspectAsync();
        var before = await node.CaptureStateAsync(CancellationToken.None);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        var failed = outcome.ShouldBeOfType<UpgradeCompensated>();
        failed.FailedAction.ShouldBe("acquire_artifact");
        failed.Error.Type.ShouldContain(nameof(RuntimeOperationException));
        failed.Error.Message.ShouldContain("pull image");
        await AssertOriginalRunsAsync(node, original, before);
    }

    [DockerFact]
    public async Task Upgrade_TagInsteadOfDigest_IsRefusedBeforeAnyChange()
    {
        await using var node = await DockerTestNode.CreateAsync(engine, artifactSource: engine.V2.TagReference);
        var original = await node.InspectAsync();
        var before = await node.CaptureStateAsync(CancellationToken.None);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        var failed = outcome.ShouldBeOfType<UpgradeCompensated>();
        failed.FailedAction.ShouldBe("acquire_artifact");
        failed.Error.Message.ShouldContain("mutable tags are refused");
        await AssertOriginalRunsAsync(node, original, before);
        (await node.InspectAsync()).State.StartedAt.ShouldBe(original.State.StartedAt, "the container was never stopped");
        await Should.ThrowAsync<UpgradeValidationException>(() => node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None));
    }

    [DockerFact]
    public async Task Upgrade_TargetExitsAtStart_RestoresOriginalContainerAndConfig()
    {
        await using var node = await DockerTestNode.CreateAsync(engine, target: engine.Crashing);
        var original = await node.InspectAsync();
        var before = await node.CaptureStateAsync(CancellationToken.None);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        var failed = outcome.ShouldBeOfType<UpgradeCompensated>();
        failed.FailedAction.ShouldBe("start_node");
        failed.Error.Type.ShouldContain(nameof(RuntimeOperationException));
        failed.Error.Message.ShouldContain("exit code 3");
        await AssertOriginalRunsAsync(node, original, before);
    }

    [DockerTheory]
    [InlineData(FaultPoint.BeforeExecute)]
    [InlineData(FaultPoint.AfterExecute)]
    public async Task Upgrade_FailureInjectedAtEachAction_RestoresOriginal(FaultPoint point)
    {
        foreach (var action in UpgradeActions.CreateDefault().Select(action => action.Name))
        {
            await using var node = await DockerTestNode.CreateAsync(engine);
            var original = await node.InspectAsync();
            var before = await node.CaptureStateAsync(CancellationToken.None);
            var actions = FaultInjectingAction.Inject<FaultInjectingAction>(UpgradeActions.CreateDefault(), action, inner => FaultInjectingAction.Failing(inner, point), out _);

            var outcome = await CreateExecutor().ExecuteAsync(actions, node.Adapter, node.Upgrade);

            outcome.ShouldBeOfType<UpgradeCompensated>($"failure {point} {action}").FailedAction.ShouldBe(action);
            await AssertOriginalRunsAsync(node, original, before);
        }
    }

    [DockerFact]
    public async Task Upgrade_CrashBetweenRenameAndCreate_CompletesOnReentry()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var original = await node.InspectAsync();
        await SimulateCrashAfterRenameAsync(node);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        var upgraded = await node.InspectAsync();
        upgraded.ID.ShouldNotBe(original.ID);
        upgraded.State.Running.ShouldBeTrue();
        upgraded.Config.Image.ShouldBe(engine.V2.Reference);
        upgraded.Config.Env.ShouldContain("NODE_ROLE=validator");
        (await node.InspectAsync(node.Name + ".bak")).ID.ShouldBe(original.ID);
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe(DockerTestNode.ConfigV2);
    }

    [DockerFact]
    public async Task Upgrade_CrashBetweenRenameAndCreateThenFailure_RestoresOriginal()
    {
        await using var node = await DockerTestNode.CreateAsync(engine, target: engine.Crashing);
        var original = await node.InspectAsync();
        var before = await node.CaptureStateAsync(CancellationToken.None);
        await SimulateCrashAfterRenameAsync(node);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        outcome.ShouldBeOfType<UpgradeCompensated>().FailedAction.ShouldBe("start_node");
        var restored = await node.InspectAsync();
        restored.ID.ShouldBe(original.ID);
        restored.State.Running.ShouldBeTrue();
        (await node.TryInspectAsync(node.Name + ".bak")).ShouldBeNull();
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe(DockerTestNode.ConfigV1);
        File.Exists(node.NewConfigPath).ShouldBeFalse();
    }

    [DockerFact]
    public async Task RestoreState_AfterRenameWithoutCreate_RenamesOriginalBack()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var original = await node.InspectAsync();
        await SimulateCrashAfterRenameAsync(node);

        await node.Adapter.RestoreStateAsync(node.Upgrade.BackupDirectory, RestoreScope.All, CancellationToken.None);
        await node.Adapter.RestoreStateAsync(node.Upgrade.BackupDirectory, RestoreScope.All, CancellationToken.None);

        (await node.InspectAsync()).ID.ShouldBe(original.ID);
        (await node.TryInspectAsync(node.Name + ".bak")).ShouldBeNull();
    }

    [DockerFact]
    public async Task RestoreState_OriginalContainerRemovedByHand_RecreatesItFromBackup()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var original = await node.InspectAsync();
        (await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade)).ShouldBeOfType<UpgradeSucceeded>();
        await node.Adapter.StopAsync(CancellationToken.None);
        await engine.Client.Containers.RemoveContainerAsync(node.Name + ".bak", new ContainerRemoveParameters { Force = true }, CancellationToken.None);

        await node.Adapter.RestoreStateAsync(node.Upgrade.BackupDirectory, RestoreScope.All, CancellationToken.None);
        await node.Adapter.StartAsync(CancellationToken.None);

        var recreated = await node.InspectAsync();
        recreated.Image.ShouldBe(original.Image);
        recreated.Config.Image.ShouldBe(engine.V1.Reference);
        recreated.Config.Env.ShouldBe(original.Config.Env, ignoreOrder: true);
        recreated.Config.Labels.ShouldBe(original.Config.Labels);
        recreated.Config.Healthcheck.Test.ShouldBe(original.Config.Healthcheck.Test);
        recreated.HostConfig.Binds.ShouldBe(original.HostConfig.Binds);
        recreated.HostConfig.RestartPolicy.Name.ShouldBe(RestartPolicyKind.UnlessStopped);
        recreated.HostConfig.NetworkMode.ShouldBe("none");
        recreated.State.Running.ShouldBeTrue();
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe(DockerTestNode.ConfigV1);
    }

    [DockerFact]
    public async Task InstallArtifact_CalledTwice_CreatesOneContainer()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        await node.Adapter.StopAsync(CancellationToken.None);

        await node.Adapter.InstallArtifactAsync(handle, node.Name, CancellationToken.None);
        var first = await node.InspectAsync();
        await node.Adapter.InstallArtifactAsync(handle, node.Name, CancellationToken.None);

        (await node.InspectAsync()).ID.ShouldBe(first.ID);
        (await node.Adapter.IsArtifactInstalledAsync(node.Name, engine.V2.Digest, CancellationToken.None)).ShouldBeTrue();
        (await node.Adapter.IsArtifactInstalledAsync(node.Name, engine.V1.Digest, CancellationToken.None)).ShouldBeFalse();
    }

    [DockerFact]
    public async Task Stop_MainProcessIgnoresSigterm_CompletesWithinStopTimeout()
    {
        var stopTimeout = TimeSpan.FromSeconds(2);
        await using var node = await DockerTestNode.CreateAsync(engine, image: engine.Stubborn, stopTimeout: stopTimeout);
        (await node.Adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeTrue();

        var watch = Stopwatch.StartNew();
        await node.Adapter.StopAsync(CancellationToken.None);
        watch.Stop();

        var stopped = await node.InspectAsync();
        stopped.State.Running.ShouldBeFalse();
        stopped.State.ExitCode.ShouldBe(137, "the engine killed the process after the stop timeout");
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(stopTimeout - TimeSpan.FromMilliseconds(200));
        watch.Elapsed.ShouldBeLessThan(stopTimeout + TimeSpan.FromSeconds(5));
    }

    [DockerFact]
    public async Task Stop_CallerBudgetShorterThanStopTimeout_KillsAndThrowsCancellation()
    {
        await using var node = await DockerTestNode.CreateAsync(engine, image: engine.Stubborn, stopTimeout: TimeSpan.FromSeconds(30));
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        await Should.ThrowAsync<OperationCanceledException>(() => node.Adapter.StopAsync(budget.Token));
        watch.Stop();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (await node.InspectAsync()).State.Running.ShouldBeFalse();
    }

    [DockerFact]
    public async Task GetStatus_ImageWithHealthCheck_ReportsIdRestartsAndHealth()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var container = await node.InspectAsync();

        var status = await node.Adapter.GetStatusAsync(CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while (status.Health != "healthy" && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(250);
            status = await node.Adapter.GetStatusAsync(CancellationToken.None);
        }

        status.IsRunning.ShouldBeTrue();
        status.InstanceId.ShouldBe(container.ID);
        status.RestartCount.ShouldBe(0);
        status.State.ShouldBe("running");
        status.Health.ShouldBe("healthy");

        await using var plain = await DockerTestNode.CreateAsync(engine, image: engine.Stubborn);
        (await plain.Adapter.GetStatusAsync(CancellationToken.None)).Health.ShouldBeNull();
    }

    [DockerFact]
    public async Task Start_ContainerThatExitsRightAway_Throws()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        await node.Adapter.StopAsync(CancellationToken.None);
        var handle = await node.Adapter.AcquireArtifactAsync(
            new ArtifactReference { Source = engine.Crashing.Reference, Checksum = engine.Crashing.Digest }, node.Name, CancellationToken.None);
        await node.Adapter.InstallArtifactAsync(handle, node.Name, CancellationToken.None);

        var error = await Should.ThrowAsync<RuntimeOperationException>(() => node.Adapter.StartAsync(CancellationToken.None));

        error.Message.ShouldContain(node.Name);

        // On a loaded machine the engine may already have restarted the container when it is first inspected; the
        // start is refused either way, by its exit code or by its changed start time.
        (error.Message.Contains("exit code 3", StringComparison.Ordinal) || error.Message.Contains("did not keep running", StringComparison.Ordinal))
            .ShouldBeTrue(error.Message);
    }

    [DockerFact]
    public async Task BackupState_TamperedConfigCopy_IsNotRestoredAndNotOverwritten()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var request = new BackupRequest
        {
            BackupDirectory = node.Upgrade.BackupDirectory,
            UpgradeId = node.Upgrade.UpgradeId,
            InstallTarget = node.Name,
            ConfigPaths = node.Upgrade.ConfigFiles.Select(file => file.Path).ToArray(),
        };
        await node.Adapter.BackupStateAsync(request, CancellationToken.None);
        (await node.Adapter.IsBackedUpAsync(request.BackupDirectory, CancellationToken.None)).ShouldBeTrue();
        File.Exists(Path.Combine(request.BackupDirectory, "container_config.json")).ShouldBeTrue();
        var manifest = await File.ReadAllTextAsync(Path.Combine(request.BackupDirectory, "manifest.json"));
        manifest.ShouldContain((await node.InspectAsync()).ID);

        await node.Adapter.WriteConfigAsync(node.ConfigPath, Encoding.UTF8.GetBytes("changed\n"), CancellationToken.None);
        var copy = Directory.EnumerateFiles(Path.Combine(request.BackupDirectory, "configs")).Single();
        await File.WriteAllTextAsync(copy, "tampered\n");

        (await node.Adapter.IsBackedUpAsync(request.BackupDirectory, CancellationToken.None)).ShouldBeFalse();
        await Should.ThrowAsync<BackupIntegrityException>(() => node.Adapter.RestoreStateAsync(request.BackupDirectory, RestoreScope.Configs, CancellationToken.None));
        await Should.ThrowAsync<BackupIntegrityException>(() => node.Adapter.BackupStateAsync(request, CancellationToken.None));
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe("changed\n");
        (await File.ReadAllTextAsync(copy)).ShouldBe("tampered\n");
    }

    [DockerFact]
    public async Task BackupState_LeftoverBackupContainer_IsRefusedBeforeAnyChange()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        await engine.Client.Containers.CreateContainerAsync(
            new CreateContainerParameters { Name = node.Name + ".bak", Image = engine.V1.Reference, HostConfig = new HostConfig { NetworkMode = "none" } });

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        var failed = outcome.ShouldBeOfType<UpgradeCompensated>();
        failed.FailedAction.ShouldBe("backup_state");
        failed.Error.Message.ShouldContain("RemoveBackupContainerAsync");
        (await node.InspectAsync()).State.Running.ShouldBeTrue();
    }

    [DockerFact]
    public async Task RemoveBackupContainer_ManagedContainerMissing_KeepsTheOnlyCopy()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        await node.Adapter.StopAsync(CancellationToken.None);
        await engine.Client.Containers.RenameContainerAsync(node.Name, new ContainerRenameParameters { NewName = node.Name + ".bak" }, CancellationToken.None);

        await Should.ThrowAsync<RuntimeOperationException>(() => node.Adapter.RemoveBackupContainerAsync());

        (await node.TryInspectAsync(node.Name + ".bak")).ShouldNotBeNull();
    }

    [DockerFact]
    public async Task DiscardArtifact_ImagePresentBeforeOrInUse_IsKept()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var running = new ArtifactReference { Source = engine.V1.Reference, Checksum = engine.V1.Digest };

        // v1 was present before (and a container runs it): acquiring it pulls nothing and discarding it removes nothing.
        var handle = await node.Adapter.AcquireArtifactAsync(running, node.Name, CancellationToken.None);
        await node.Adapter.DiscardArtifactAsync(handle, CancellationToken.None);
        (await node.Adapter.IsArtifactAcquiredAsync(running, node.Name, CancellationToken.None)).ShouldBeTrue();

        // v2 pulled by the adapter and unused is removed.
        var target = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        await node.Adapter.VerifyArtifactAsync(target, engine.V2.Digest, CancellationToken.None);
        await Should.ThrowAsync<ArtifactVerificationException>(() => node.Adapter.VerifyArtifactAsync(target, engine.V1.Digest, CancellationToken.None));
        await node.Adapter.DiscardArtifactAsync(target, CancellationToken.None);
        (await node.Adapter.IsArtifactAcquiredAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None)).ShouldBeFalse();
        await Should.ThrowAsync<ArtifactVerificationException>(() => node.Adapter.VerifyArtifactAsync(target, engine.V2.Digest, CancellationToken.None));
    }

    [DockerFact]
    public async Task EngineError_CarriesEngineMessageAndStatus()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        await engine.Client.Containers.RemoveContainerAsync(node.Name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);

        var error = await Should.ThrowAsync<RuntimeOperationException>(() => node.Adapter.StartAsync(CancellationToken.None));

        error.Message.ShouldContain("does not exist");
        var handle = new ArtifactHandle { Location = $"{engine.Repository}@sha256:{new string('a', 64)}", Checksum = $"sha256:{new string('a', 64)}" };
        var engineError = await Should.ThrowAsync<RuntimeOperationException>(
            () => node.Adapter.AcquireArtifactAsync(new ArtifactReference { Source = handle.Location, Checksum = handle.Checksum }, node.Name, CancellationToken.None));
        engineError.Message.ShouldContain("manifest unknown", Case.Insensitive);
    }

    private async Task SimulateCrashAfterRenameAsync(DockerTestNode node)
    {
        // What the executor has done before the crash: the backup, the pull, the stop, and the rename of install_artifact.
        await node.Adapter.BackupStateAsync(
            new BackupRequest
            {
                BackupDirectory = node.Upgrade.BackupDirectory,
                UpgradeId = node.Upgrade.UpgradeId,
                InstallTarget = node.Name,
                ConfigPaths = node.Upgrade.ConfigFiles.Select(file => file.Path).ToArray(),
            },
            CancellationToken.None);
        await node.Adapter.StopAsync(CancellationToken.None);
        await engine.Client.Containers.RenameContainerAsync(node.Name, new ContainerRenameParameters { NewName = node.Name + ".bak" }, CancellationToken.None);
        (await node.TryInspectAsync(node.Name)).ShouldBeNull();
    }

    private static async Task AssertOriginalRunsAsync(DockerTestNode node, ContainerInspectResponse original, string before)
    {
        var current = await node.InspectAsync();
        current.ID.ShouldBe(original.ID);
        current.Name.ShouldBe("/" + node.Name);
        current.State.Running.ShouldBeTrue();
        (await node.TryInspectAsync(node.Name + ".bak")).ShouldBeNull();
        (await File.ReadAllTextAsync(node.ConfigPath)).ShouldBe(DockerTestNode.ConfigV1);
        File.Exists(node.NewConfigPath).ShouldBeFalse();
        (await node.CaptureStateAsync(CancellationToken.None)).ShouldBe(before);
    }
}
