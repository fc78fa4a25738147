using Upgrade.Adapters.FileSystem;
using Upgrade.Executor;
using Upgrade.Testing;

namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>Upgrades of a real service under a real systemd, with the SDK's executor and its eight actions.</summary>
[Collection(SystemdCollection.Name)]
public sealed class SystemdUpgradeTests
{
    private readonly SystemdFixture _fixture;

    public SystemdUpgradeTests(SystemdFixture fixture) => _fixture = fixture;

    private static UpgradeExecutor CreateExecutor() => new(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

    [SystemdFact]
    public async Task ExecuteAsync_V1ToV2WithConfigChanges_NewProcessRunsNewBinaryWithNewConfig()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "happy");
        var before = await node.ReadObservedAsync();
        var adapter = node.CreateAdapter();
        var upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2Binary), ServiceNode.V2Binary);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), adapter, upgrade);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        var observed = await node.WaitForObservedAsync("v2");
        observed.Pid.ShouldNotBe(before.Pid);
        observed.Pid.ShouldBe(await node.ShowAsync("MainPID"), "the running process must be the one that reported v2");
        observed.Config.ShouldBe("greeting=hello-from-v2-config");
        observed.Extra.ShouldBe("feature=only-in-v2");
        (await File.ReadAllBytesAsync(node.BinaryPath)).ShouldBe(ServiceNode.V2Binary);
        Convert.ToString((int)File.GetUnixFileMode(node.BinaryPath), 8).ShouldBe("755");
        Convert.ToString((int)File.GetUnixFileMode(node.ConfigPath), 8).ShouldBe("644");
        File.Exists(FileSystemRuntimeAdapter.GetDownloadPath(node.BinaryPath)).ShouldBeFalse();
        File.Exists(Path.Combine(upgrade.BackupDirectory, "manifest.json")).ShouldBeTrue();
        (await File.ReadAllBytesAsync(Path.Combine(upgrade.BackupDirectory, "binaries", "app"))).ShouldBe(ServiceNode.V1Binary);
        (await node.ShowAsync("ActiveState")).ShouldBe("active");
    }

    [SystemdFact]
    public async Task ExecuteAsync_ChecksumMismatch_CompensatesAndV1KeepsRunning()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "mismatch");
        var before = await node.ReadObservedAsync();
        var adapter = node.CreateAdapter();
        var upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2Binary), ServiceNode.V2Binary, checksum: Sha256Checksum.Compute("something else"u8));

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), adapter, upgrade);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe("acquire_artifact");
        compensated.Error.Type.ShouldContain(nameof(ArtifactVerificationException));
        await node.AssertRunsV1Async();
        (await node.ReadObservedAsync()).Pid.ShouldBe(before.Pid, "the service must never have been stopped");
        Directory.GetFiles(Path.GetDirectoryName(node.BinaryPath)!).ShouldBe([node.BinaryPath], "no partial download may be left");
    }

    [SystemdFact]
    public async Task ExecuteAsync_DownloadCutMidStream_CompensatesAndV1KeepsRunning()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "cut");
        var before = await node.ReadObservedAsync();
        var adapter = node.CreateAdapter();
        var source = _fixture.Server.Serve(ServiceNode.V2Binary, ArtifactServeMode.CutMidStream);
        var upgrade = node.CreateUpgrade(source, ServiceNode.V2Binary);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), adapter, upgrade);

        outcome.ShouldBeOfType<UpgradeCompensated>().FailedAction.ShouldBe("acquire_artifact");
        _fixture.Server.RequestCount(source).ShouldBe(3, "a cut download is transient: one attempt and two retries");
        await node.AssertRunsV1Async();
        (await node.ReadObservedAsync()).Pid.ShouldBe(before.Pid);
        Directory.GetFiles(Path.GetDirectoryName(node.BinaryPath)!).ShouldBe([node.BinaryPath], "no partial download may be left");
    }

    [SystemdFact]
    public async Task ExecuteAsync_V2CrashesOnStart_StartFailsAndV1IsRestoredAndRunning()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "crashloop");
        var adapter = node.CreateAdapter();
        var upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2CrashingBinary), ServiceNode.V2CrashingBinary);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), adapter, upgrade);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe("start_node");
        compensated.Error.Type.ShouldContain(nameof(RuntimeOperationException));
        compensated.Error.Message.ShouldContain("restart");
        await node.AssertRunsV1Async();
        (await node.ShowAsync("NRestarts")).ShouldBe("0", "the start after the rollback must begin from a clean restart counter");
    }

    [SystemdFact]
    public async Task ExecuteAsync_ConfigOutsideAllowedRoots_RefusedBeforeAnyChange()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "escape");
        var before = await node.ReadObservedAsync();
        var adapter = node.CreateAdapter();
        var outside = Path.Combine(node.DataDirectory, "outside.conf");
        var upgrade = node.CreateUpgrade(
            _fixture.Server.Serve(ServiceNode.V2Binary),
            ServiceNode.V2Binary,
            configs: [ConfigFile.Create(node.ConfigPath, ServiceNode.V2Config), ConfigFile.Create(Path.Combine(node.ConfigDirectory, "..", "data", "outside.conf"), "x=1\n"u8.ToArray())]);

        var outcome = await CreateExecutor().ExecuteAsync(UpgradeActions.CreateDefault(), adapter, upgrade);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe("backup_state");
        compensated.Error.Type.ShouldContain(nameof(PathNotAllowedException));
        File.Exists(outside).ShouldBeFalse();
        Directory.Exists(upgrade.BackupDirectory).ShouldBeFalse("nothing may be written before the refusal");
        await node.AssertRunsV1Async();
        (await node.ReadObservedAsync()).Pid.ShouldBe(before.Pid);
    }

    [SystemdTheory]
    [MemberData(nameof(RuntimeAdapterConformanceTests.ActionNameData), MemberType = typeof(RuntimeAdapterConformanceTests))]
    public async Task ExecuteAsync_FailureBeforeAction_RestoresV1ByteForByteAndRuns(string actionName)
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "fail-" + actionName);
        var adapter = node.CreateAdapter();
        var upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2Binary), ServiceNode.V2Binary);
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), actionName, a => FaultInjectingAction.Failing(a, FaultPoint.BeforeExecute), out FaultInjectingAction _);

        var outcome = await CreateExecutor().ExecuteAsync(actions, adapter, upgrade);

        outcome.ShouldBeOfType<UpgradeCompensated>().FailedAction.ShouldBe(actionName);
        await node.AssertRunsV1Async();
    }

    [SystemdFact]
    public async Task ExecuteAsync_TamperedBackup_EndsInRollbackFailedWithoutRestoringIt()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "tampered");
        var adapter = node.CreateAdapter();
        var upgrade = node.CreateUpgrade(_fixture.Server.Serve(ServiceNode.V2Binary), ServiceNode.V2Binary);
        var tampered = "#!/bin/sh\necho tampered\n"u8.ToArray();
        var actions = UpgradeActions.CreateDefault()
            .Select(a => a.Name == "install_artifact" ? new TamperThenFailAction(a, Path.Combine(upgrade.BackupDirectory, "binaries", "app"), tampered) : a)
            .ToList();

        var outcome = await CreateExecutor().ExecuteAsync(actions, adapter, upgrade);

        var failed = outcome.ShouldBeOfType<UpgradeRollbackFailed>();
        failed.Status.ShouldBe(NodeUpgradeStatus.FailedRollback);
        failed.CompensationFailedAction.ShouldBe("install_artifact");
        failed.CompensationError.Type.ShouldContain(nameof(BackupIntegrityException));
        (await File.ReadAllBytesAsync(node.BinaryPath)).ShouldBe(ServiceNode.V2Binary, "the tampered copy must not be restored");
    }

    /// <summary>Installs, then replaces the backup copy of the binary and fails, so that its compensation meets a tampered backup.</summary>
    private sealed class TamperThenFailAction(IUpgradeAction inner, string backupCopy, byte[] content) : IUpgradeAction
    {
        public string Name => inner.Name;

        public TimeSpan Timeout => inner.Timeout;

        public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        {
            await inner.ExecuteAsync(runtime, parameters, cancellationToken);
            await File.WriteAllBytesAsync(backupCopy, content, cancellationToken);
            throw new InvalidOperationException("Failure after the backup was tampered with.");
        }

        public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            => inner.IsAlreadyDoneAsync(runtime, parameters, cancellationToken);

        public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            => inner.CompensateAsync(runtime, parameters, cancellationToken);
    }
}
