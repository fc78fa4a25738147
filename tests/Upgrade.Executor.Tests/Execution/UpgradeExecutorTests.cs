using Microsoft.Extensions.Time.Testing;
using Upgrade.Testing;

namespace Upgrade.Executor.Tests;

public sealed class UpgradeExecutorTests
{
    private static readonly string[] Order =
    [
        ActionNames.BackupState, ActionNames.AcquireArtifact, ActionNames.VerifyArtifact, ActionNames.StopNode,
        ActionNames.InstallArtifact, ActionNames.WriteConfigs, ActionNames.ReloadDaemon, ActionNames.StartNode,
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCompletedUpgradeStore _completed = new();
    private readonly InMemoryCheckpointStore _checkpoints = new();

    public static TheoryData<string, string> FailurePoints => new()
    {
        { ActionNames.BackupState, nameof(IRuntimeAdapter.BackupStateAsync) },
        { ActionNames.AcquireArtifact, nameof(IRuntimeAdapter.AcquireArtifactAsync) },
        { ActionNames.VerifyArtifact, nameof(IRuntimeAdapter.VerifyArtifactAsync) },
        { ActionNames.StopNode, nameof(IRuntimeAdapter.StopAsync) },
        { ActionNames.InstallArtifact, nameof(IRuntimeAdapter.InstallArtifactAsync) },
        { ActionNames.WriteConfigs, nameof(IRuntimeAdapter.WriteConfigAsync) },
        { ActionNames.ReloadDaemon, nameof(IRuntimeAdapter.ReloadDaemonAsync) },
        { ActionNames.StartNode, nameof(IRuntimeAdapter.StartAsync) },
    };

    public static TheoryData<string> ActionNameData => new(Order);

    private UpgradeExecutor CreateSut(UpgradeExecutorOptions? options = null, TimeProvider? time = null)
        => new(_completed, _checkpoints, options, time ?? _time);

    [Fact]
    public async Task ExecuteAsync_HappyPath_InstallsTargetWritesConfigsAndRuns()
    {
        var node = new TestNode();

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        var succeeded = outcome.ShouldBeOfType<UpgradeSucceeded>();
        succeeded.CompletedActions.ShouldBe(Order);
        succeeded.SkippedActions.ShouldBeEmpty();
        succeeded.IsReplay.ShouldBeFalse();
        node.Runtime.ReadFile(TestNode.InstallTarget).ShouldBe(TestNode.V2);
        node.Runtime.ReadFile(TestNode.ConfigPath).ShouldBe("max_peers = 100\n"u8.ToArray());
        node.Runtime.ReadFile(TestNode.NewConfigPath).ShouldBe("feature = true\n"u8.ToArray());
        node.Runtime.IsRunning.ShouldBeTrue();
        node.Runtime.MutatingCalls.ShouldBe(
        [
            "BackupStateAsync " + node.Parameters.BackupDirectory,
            "AcquireArtifactAsync " + TestNode.V2Url,
            "StopAsync",
            "InstallArtifactAsync " + TestNode.InstallTarget,
            "WriteConfigAsync " + TestNode.ConfigPath,
            "WriteConfigAsync " + TestNode.NewConfigPath,
            "ReloadDaemonAsync",
            "StartAsync",
        ]);
        _checkpoints.Count.ShouldBe(0);
        (await _completed.GetAsync(node.Parameters.UpgradeId, default)).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public async Task ExecuteAsync_FailureAtAction_CompensatesInReverseOrderAndRestoresNode(string actionName, string member)
    {
        var node = new TestNode();
        var before = node.Runtime.Snapshot();
        node.Runtime.FailOn(member);

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe(actionName);
        compensated.Error.Type.ShouldBe(typeof(RuntimeOperationException).FullName);
        var index = Array.IndexOf(Order, actionName);
        compensated.CompensatedActions.ShouldBe(Order.Take(index + 1).Reverse());
        node.Runtime.Snapshot().ShouldBe(before);
        node.Runtime.IsRunning.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_FailureAtStart_RestoresConfigsAndBinaryBeforeStartingOldVersion()
    {
        var node = new TestNode();
        node.Runtime.CrashOnStart(TestNode.V2Checksum);

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        outcome.ShouldBeOfType<UpgradeCompensated>().FailedAction.ShouldBe(ActionNames.StartNode);
        var calls = node.Runtime.MutatingCalls.SkipWhile(c => c != "StartAsync").Skip(1).ToList();
        calls.ShouldBe(
        [
            "StopAsync",
            "ReloadDaemonAsync",
            $"RestoreStateAsync {node.Parameters.BackupDirectory} Configs",
            $"RestoreStateAsync {node.Parameters.BackupDirectory} Artifact",
            "StartAsync",
            "DiscardArtifactAsync " + TestNode.InstallTarget + ".download",
        ]);
        node.Runtime.ReadFile(TestNode.InstallTarget).ShouldBe(TestNode.V1);
        node.Runtime.ReadFile(TestNode.ConfigPath).ShouldBe("max_peers = 50\n"u8.ToArray());
        node.Runtime.ReadFile(TestNode.NewConfigPath).ShouldBeNull();
        node.Runtime.IsRunning.ShouldBeTrue();
    }

    [Fact]
    public async Task ExecuteAsync_CompensationFails_StopsAndReportsRollbackFailedWithBothErrors()
    {
        var node = new TestNode();
        node.Runtime.FailOn(nameof(IRuntimeAdapter.ReloadDaemonAsync), 1);
        node.Runtime.FailOn(nameof(IRuntimeAdapter.RestoreStateAsync), 2, new BackupIntegrityException("tampered"));

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        var failed = outcome.ShouldBeOfType<UpgradeRollbackFailed>();
        failed.Status.ShouldBe(NodeUpgradeStatus.FailedRollback);
        failed.FailedAction.ShouldBe(ActionNames.ReloadDaemon);
        failed.Error.Message.ShouldContain("ReloadDaemonAsync");
        failed.CompensationFailedAction.ShouldBe(ActionNames.InstallArtifact);
        failed.CompensationError.Type.ShouldBe(typeof(BackupIntegrityException).FullName);
        failed.CompensationError.Message.ShouldBe("tampered");
        failed.CompensatedActions.ShouldBe([ActionNames.ReloadDaemon, ActionNames.WriteConfigs]);

        // Compensation stopped: the service was never started again.
        node.Runtime.MutatingCalls.Last().ShouldStartWith("RestoreStateAsync");
        node.Runtime.IsRunning.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(ActionNameData))]
    public async Task ExecuteAsync_CrashAfterAction_ResumesWithoutRedoingCompletedActions(string actionName)
    {
        var reference = new TestNode();
        await new UpgradeExecutor(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore(), null, _time)
            .ExecuteAsync(UpgradeActions.CreateDefault(), reference.Runtime, reference.Parameters);

        var node = new TestNode();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), actionName, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterExecute), out var crash);
        _ = CreateSut(time: new FakeTimeProvider(_time.GetUtcNow())).ExecuteAsync(actions, node.Runtime, node.Parameters);
        await crash.Struck.WaitAsync(TimeSpan.FromSeconds(30));

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        outcome.ShouldBeOfType<UpgradeSucceeded>().CompletedActions.ShouldBe(Order);
        node.Runtime.Snapshot().ShouldBe(reference.Runtime.Snapshot());
        foreach (var mutating in new[] { "BackupStateAsync", "AcquireArtifactAsync", "InstallArtifactAsync" })
        {
            node.Runtime.MutatingCalls.Count(c => c.StartsWith(mutating, StringComparison.Ordinal)).ShouldBe(1, $"{mutating} must run once when the crash is after {actionName}");
        }

        // Actions before the crashed one are trusted from the checkpoint: their checks do not run again. (The wrapped
        // action skips its own check, so backup_state's check runs once in either case.)
        node.Runtime.Calls.Count(c => c.StartsWith("IsBackedUpAsync", StringComparison.Ordinal)).ShouldBe(1);
        node.Runtime.Calls.Count(c => c.StartsWith("IsArtifactAcquiredAsync", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_CrashDuringCompensation_ResumesCompensationAndNeverGoesForward()
    {
        var node = new TestNode();
        var before = node.Runtime.Snapshot();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), ActionNames.WriteConfigs, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterCompensate), out var crash);
        actions = FaultInjectingAction.Inject(actions, ActionNames.ReloadDaemon, a => FaultInjectingAction.Failing(a, FaultPoint.BeforeExecute), out FaultInjectingAction _);
        _ = CreateSut(time: new FakeTimeProvider(_time.GetUtcNow())).ExecuteAsync(actions, node.Runtime, node.Parameters);
        await crash.Struck.WaitAsync(TimeSpan.FromSeconds(30));
        var installsBefore = node.Runtime.MutatingCalls.Count(c => c.StartsWith("InstallArtifactAsync", StringComparison.Ordinal));

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe(ActionNames.ReloadDaemon);
        compensated.CompensatedActions.ShouldBe([ActionNames.ReloadDaemon, ActionNames.WriteConfigs, ActionNames.InstallArtifact, ActionNames.StopNode, ActionNames.VerifyArtifact, ActionNames.AcquireArtifact, ActionNames.BackupState]);
        node.Runtime.MutatingCalls.Count(c => c.StartsWith("InstallArtifactAsync", StringComparison.Ordinal)).ShouldBe(installsBefore);
        node.Runtime.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task ExecuteAsync_CompletedUpgrade_ReturnsStoredOutcomeWithoutTouchingTheNode()
    {
        var node = new TestNode();
        var sut = CreateSut();
        var first = await sut.ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);
        var callsBefore = node.Runtime.Calls.Count;

        var again = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        again.IsReplay.ShouldBeTrue();
        again.ShouldBeOfType<UpgradeSucceeded>().CompletedActions.ShouldBe(first.CompletedActions);
        again.CompletedAt.ShouldBe(first.CompletedAt);
        node.Runtime.Calls.Count.ShouldBe(callsBefore);
    }

    [Fact]
    public async Task ExecuteAsync_CrashAfterOutcomeWasRecorded_ReplaysAndRemovesTheLeftoverCheckpoint()
    {
        var node = new TestNode();
        await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);
        var fingerprint = (await _completed.GetAsync(node.Parameters.UpgradeId, default))!.InputHash;
        await _checkpoints.SaveAsync(new UpgradeCheckpoint { UpgradeId = node.Parameters.UpgradeId, InputHash = fingerprint, UpdatedAt = _time.GetUtcNow(), InProgressAction = ActionNames.StartNode }, default);

        var again = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        again.IsReplay.ShouldBeTrue();
        _checkpoints.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentDuplicate_RunsOnceAndBothGetTheOutcome()
    {
        var node = new TestNode();
        var sut = CreateSut(time: TimeProvider.System);

        var outcomes = await Task.WhenAll(
            Task.Run(() => sut.ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters)),
            Task.Run(() => sut.ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters)));

        outcomes.Count(o => o.IsReplay).ShouldBe(1);
        outcomes.ShouldAllBe(o => o is UpgradeSucceeded);
        node.Runtime.MutatingCalls.Count(c => c.StartsWith("InstallArtifactAsync", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteAsync_CheckpointOlderThanTtl_ChecksEveryActionAgainstTheNode()
    {
        var node = new TestNode();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), ActionNames.InstallArtifact, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterExecute), out var crash);
        _ = CreateSut(time: new FakeTimeProvider(_time.GetUtcNow())).ExecuteAsync(actions, node.Runtime, node.Parameters);
        await crash.Struck.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromMinutes(11));
        var checksBefore = node.Runtime.Calls.Count(c => c.StartsWith("IsBackedUpAsync", StringComparison.Ordinal));

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        var succeeded = outcome.ShouldBeOfType<UpgradeSucceeded>();
        node.Runtime.Calls.Count(c => c.StartsWith("IsBackedUpAsync", StringComparison.Ordinal)).ShouldBe(checksBefore + 1);
        succeeded.SkippedActions.ShouldContain(ActionNames.BackupState);
        succeeded.SkippedActions.ShouldContain(ActionNames.AcquireArtifact);
        succeeded.SkippedActions.ShouldContain(ActionNames.StopNode);
        succeeded.SkippedActions.ShouldContain(ActionNames.InstallArtifact);
        node.Runtime.MutatingCalls.Count(c => c.StartsWith("AcquireArtifactAsync", StringComparison.Ordinal)).ShouldBe(1);
        node.Runtime.ReadFile(TestNode.InstallTarget).ShouldBe(TestNode.V2);
    }

    [Fact]
    public async Task ExecuteAsync_CheckpointWithinTtl_TrustsCompletedActions()
    {
        var node = new TestNode();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), ActionNames.InstallArtifact, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterExecute), out var crash);
        _ = CreateSut(time: new FakeTimeProvider(_time.GetUtcNow())).ExecuteAsync(actions, node.Runtime, node.Parameters);
        await crash.Struck.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromMinutes(9));
        var checksBefore = node.Runtime.Calls.Count(c => c.StartsWith("IsBackedUpAsync", StringComparison.Ordinal));

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);

        outcome.ShouldBeOfType<UpgradeSucceeded>().SkippedActions.ShouldBe([ActionNames.InstallArtifact]);
        node.Runtime.Calls.Count(c => c.StartsWith("IsBackedUpAsync", StringComparison.Ordinal)).ShouldBe(checksBefore);
    }

    [Theory]
    [InlineData("artifact_checksum")]
    [InlineData("artifact_url")]
    [InlineData("config_files")]
    [InlineData("target_version")]
    public async Task ExecuteAsync_SameIdWithOtherInputs_IsRefusedNamingTheFieldAndChangesNothing(string field)
    {
        var node = new TestNode();
        await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters);
        var snapshot = node.Runtime.Snapshot();
        var calls = node.Runtime.Calls.Count;
        var changed = Change(node.Parameters, field);

        var exception = await Should.ThrowAsync<UpgradeInputMismatchException>(() => CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, changed));

        exception.Field.ShouldBe(field);
        exception.UpgradeId.ShouldBe(node.Parameters.UpgradeId);
        exception.Message.ShouldContain(field);
        node.Runtime.Snapshot().ShouldBe(snapshot);
        node.Runtime.Calls.Count.ShouldBe(calls);
    }

    [Fact]
    public async Task ExecuteAsync_SameIdWithOtherInputsWhileCheckpointed_IsRefused()
    {
        var node = new TestNode();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), ActionNames.StopNode, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterExecute), out var crash);
        _ = CreateSut(time: new FakeTimeProvider(_time.GetUtcNow())).ExecuteAsync(actions, node.Runtime, node.Parameters);
        await crash.Struck.WaitAsync(TimeSpan.FromSeconds(30));
        var calls = node.Runtime.Calls.Count;

        var exception = await Should.ThrowAsync<UpgradeInputMismatchException>(() => CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, Change(node.Parameters, "artifact_checksum")));

        exception.Field.ShouldBe("artifact_checksum");
        node.Runtime.Calls.Count.ShouldBe(calls);
    }

    [Fact]
    public async Task ExecuteAsync_ActionHangsPastItsTimeout_FailsWithActionTimeoutAndCompensates()
    {
        var node = new TestNode();
        var before = node.Runtime.Snapshot();
        node.Runtime.HangOn(nameof(IRuntimeAdapter.InstallArtifactAsync));

        var outcome = await _time.DriveAsync(CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters), TimeSpan.FromSeconds(5));

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe(ActionNames.InstallArtifact);
        compensated.Error.Type.ShouldBe(typeof(ActionTimeoutException).FullName);
        compensated.Error.Message.ShouldContain("install_artifact");
        compensated.Error.Message.ShouldContain("00:00:30");
        node.Runtime.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task ExecuteAsync_StepIgnoresCancellation_IsStillBoundedByItsTimeout()
    {
        var node = new TestNode();
        var hung = new HungAction();

        var outcome = await _time.DriveAsync(CreateSut().ExecuteAsync([hung], node.Runtime, node.Parameters), TimeSpan.FromSeconds(1));

        outcome.ShouldBeOfType<UpgradeCompensated>().Error.Type.ShouldBe(typeof(ActionTimeoutException).FullName);
    }

    [Fact]
    public async Task ExecuteAsync_WholeBudgetRunsOut_FailsWithUpgradeTimeout()
    {
        var node = new TestNode();
        node.Runtime.HangOn(nameof(IRuntimeAdapter.AcquireArtifactAsync));
        var options = new UpgradeExecutorOptions { TotalBudget = TimeSpan.FromSeconds(20) };

        var outcome = await _time.DriveAsync(CreateSut(options).ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters), TimeSpan.FromSeconds(5));

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.FailedAction.ShouldBe(ActionNames.AcquireArtifact);
        compensated.Error.Type.ShouldBe(typeof(ActionTimeoutException).FullName);
        compensated.Error.Message.ShouldContain("'upgrade'");
        _time.GetUtcNow().ShouldBeLessThan(new DateTimeOffset(2026, 11, 23, 12, 1, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_CompensatesToTheEnd()
    {
        var node = new TestNode();
        var before = node.Runtime.Snapshot();
        using var cancellation = new CancellationTokenSource();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), ActionNames.WriteConfigs, a => new CancellingAction(a, cancellation), out CancellingAction _);

        var outcome = await CreateSut().ExecuteAsync(actions, node.Runtime, node.Parameters, cancellationToken: cancellation.Token);

        var compensated = outcome.ShouldBeOfType<UpgradeCompensated>();
        compensated.Error.Type.ShouldBe(typeof(OperationCanceledException).FullName);
        compensated.CompensatedActions.Count.ShouldBe(6);
        node.Runtime.Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task ExecuteAsync_ReportsPhasesInTheSeedOrderWithHeartbeats()
    {
        var node = new TestNode();
        var observer = new RecordingObserver();

        await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters, observer);

        observer.Phases.Select(p => p.Phase).ShouldBe([UpgradePhase.Preparing, UpgradePhase.Stopped, UpgradePhase.Mutating, UpgradePhase.Starting]);
        observer.Phases.Select(p => p.Previous).ShouldBe(new UpgradePhase?[] { null, UpgradePhase.Preparing, UpgradePhase.Stopped, UpgradePhase.Mutating });
        observer.Heartbeats.Select(h => h.ActionName).ShouldBe(Order);
        observer.Heartbeats.Select(h => h.ActionIndex).ShouldBe(Enumerable.Range(0, 8));
        observer.Heartbeats.Select(h => h.ProgressPercent).ShouldBe([0, 12, 25, 37, 50, 62, 75, 87]);
        observer.Heartbeats.Select(h => h.Phase).ShouldBe(
        [
            UpgradePhase.Preparing, UpgradePhase.Preparing, UpgradePhase.Preparing, UpgradePhase.Stopped,
            UpgradePhase.Mutating, UpgradePhase.Mutating, UpgradePhase.Mutating, UpgradePhase.Starting,
        ]);
        observer.Heartbeats.ShouldAllBe(h => !h.IsCompensating);
    }

    [Fact]
    public async Task ExecuteAsync_ObserverThrows_UpgradeStillSucceeds()
    {
        var node = new TestNode();

        var outcome = await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters, new RecordingObserver { Throw = true });

        outcome.ShouldBeOfType<UpgradeSucceeded>();
    }

    [Fact]
    public async Task ExecuteAsync_Compensation_HeartbeatsMarkCompensating()
    {
        var node = new TestNode();
        node.Runtime.FailOn(nameof(IRuntimeAdapter.StopAsync));
        var observer = new RecordingObserver();

        await CreateSut().ExecuteAsync(UpgradeActions.CreateDefault(), node.Runtime, node.Parameters, observer);

        observer.Heartbeats.Where(h => h.IsCompensating).Select(h => h.ActionName).ShouldBe(
            [ActionNames.StopNode, ActionNames.VerifyArtifact, ActionNames.AcquireArtifact, ActionNames.BackupState]);
    }

    [Fact]
    public async Task ExecuteAsync_DuplicateActionNames_AreRejected()
    {
        var node = new TestNode();
        var actions = UpgradeActions.CreateDefault();

        await Should.ThrowAsync<ArgumentException>(() => CreateSut().ExecuteAsync([actions[0], actions[0]], node.Runtime, node.Parameters));

        node.Runtime.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheField()
    {
        var exception = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new UpgradeExecutor(_completed, _checkpoints, new UpgradeExecutorOptions { CheckpointTtl = TimeSpan.Zero }));

        exception.Message.ShouldContain("CheckpointTtl");
    }

    private static ActionParams Change(ActionParams parameters, string field) => field switch
    {
        "artifact_checksum" => new ActionParams
        {
            UpgradeId = parameters.UpgradeId, BinaryName = parameters.BinaryName, TargetVersion = parameters.TargetVersion, InstallTarget = parameters.InstallTarget,
            BackupDirectory = parameters.BackupDirectory, DataDirectory = parameters.DataDirectory, ConfigFiles = parameters.ConfigFiles,
            Artifact = parameters.Artifact with { Checksum = Sha256Checksum.Compute("other"u8) },
        },
        "artifact_url" => new ActionParams
        {
            UpgradeId = parameters.UpgradeId, BinaryName = parameters.BinaryName, TargetVersion = parameters.TargetVersion, InstallTarget = parameters.InstallTarget,
            BackupDirectory = parameters.BackupDirectory, DataDirectory = parameters.DataDirectory, ConfigFiles = parameters.ConfigFiles,
            Artifact = parameters.Artifact with { Source = "https://elsewhere.example/node" },
        },
        "config_files" => new ActionParams
        {
            UpgradeId = parameters.UpgradeId, BinaryName = parameters.BinaryName, TargetVersion = parameters.TargetVersion, InstallTarget = parameters.InstallTarget,
            BackupDirectory = parameters.BackupDirectory, DataDirectory = parameters.DataDirectory, Artifact = parameters.Artifact,
            ConfigFiles = [ConfigFile.Create(TestNode.ConfigPath, "max_peers = 7\n"u8.ToArray())],
        },
        "target_version" => new ActionParams
        {
            UpgradeId = parameters.UpgradeId, BinaryName = parameters.BinaryName, TargetVersion = "v3", InstallTarget = parameters.InstallTarget,
            BackupDirectory = parameters.BackupDirectory, DataDirectory = parameters.DataDirectory, Artifact = parameters.Artifact, ConfigFiles = parameters.ConfigFiles,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private sealed class HungAction : IUpgradeAction
    {
        public string Name => "hung";

        public TimeSpan Timeout => TimeSpan.FromSeconds(3);

        public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new TaskCompletionSource().Task;

        public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CancellingAction(IUpgradeAction inner, CancellationTokenSource cancellation) : IUpgradeAction
    {
        public string Name => inner.Name;

        public TimeSpan Timeout => inner.Timeout;

        public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
        {
            await inner.ExecuteAsync(runtime, parameters, cancellationToken);
            await cancellation.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => inner.CompensateAsync(runtime, parameters, cancellationToken);
    }
}
