using Upgrade.Executor;
using Xunit;

namespace Upgrade.Testing;

/// <summary>
/// Scenarios every <see cref="IRuntimeAdapter"/> must pass with the SDK's executor and its eight actions: the happy
/// path, a failure after the side effect of each action (the node must end in its starting state), and a crash after
/// each action's side effect followed by a restart (the upgrade must resume and end on the target version).
/// Derive a test class from it in your adapter's test project and create a fresh node per call. When the runtime
/// cannot run where the tests run, throw <see cref="ConformanceSkipException"/> from <see cref="CreateNodeAsync"/>
/// (only when that is acceptable, for example outside CI): the scenarios then report themselves as skipped.
/// </summary>
public abstract class RuntimeAdapterConformanceTests
{
    /// <summary>Gets the names of the eight built-in actions, as theory data.</summary>
    public static TheoryData<string> ActionNameData { get; } = new(UpgradeActions.CreateDefault().Select(a => a.Name));

    /// <summary>Creates a fresh node running v1, with the parameters of an upgrade to v2.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The node.</returns>
    protected abstract Task<ConformanceNode> CreateNodeAsync(CancellationToken cancellationToken);

    /// <summary>Creates the executor the scenarios use; override to add logging or options.</summary>
    /// <param name="timeProvider">The time provider.</param>
    /// <param name="completed">The completed-upgrade store.</param>
    /// <param name="checkpoints">The checkpoint store.</param>
    /// <returns>A new executor on the given stores.</returns>
    protected virtual UpgradeExecutor CreateExecutor(TimeProvider timeProvider, ICompletedUpgradeStore completed, ICheckpointStore checkpoints)
        => new(completed, checkpoints, timeProvider: timeProvider);

    /// <summary>An upgrade runs to the end: the target artifact and configs are in place and the service runs.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Upgrade_HappyPath_EndsOnTargetVersionAndReplaysWithoutChanges()
    {
        await using var node = await CreateNodeAsync(CancellationToken.None);
        var before = await node.CaptureStateAsync(CancellationToken.None);
        var executor = CreateExecutor(TimeProvider.System, new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

        var outcome = await executor.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        Assert.IsType<UpgradeSucceeded>(outcome);
        await AssertOnTargetAsync(node);
        var after = await node.CaptureStateAsync(CancellationToken.None);
        Assert.NotEqual(before, after);

        var replay = await executor.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);
        Assert.True(replay.IsReplay);
        Assert.Equal(after, await node.CaptureStateAsync(CancellationToken.None));
    }

    /// <summary>An action fails after its side effect: compensation returns the node to its starting state.</summary>
    /// <param name="actionName">The failing action.</param>
    /// <returns>A task.</returns>
    [SkippableTheory]
    [MemberData(nameof(ActionNameData))]
    public async Task Upgrade_FailureAfterAction_RestoresStartingState(string actionName)
    {
        await using var node = await CreateNodeAsync(CancellationToken.None);
        var before = await node.CaptureStateAsync(CancellationToken.None);
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), actionName, a => FaultInjectingAction.Failing(a, FaultPoint.AfterExecute), out FaultInjectingAction _);
        var executor = CreateExecutor(TimeProvider.System, new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

        var outcome = await executor.ExecuteAsync(actions, node.Adapter, node.Upgrade);

        var compensated = Assert.IsType<UpgradeCompensated>(outcome);
        Assert.Equal(actionName, compensated.FailedAction);
        Assert.Equal(before, await node.CaptureStateAsync(CancellationToken.None));
        Assert.True((await node.Adapter.GetStatusAsync(CancellationToken.None)).IsRunning, "The service must run again after compensation.");
    }

    /// <summary>
    /// The process dies right after an action's side effect; a new executor on the same stores resumes the upgrade,
    /// which ends on the target version.
    /// </summary>
    /// <param name="actionName">The action after which the crash strikes.</param>
    /// <returns>A task.</returns>
    [SkippableTheory]
    [MemberData(nameof(ActionNameData))]
    public async Task Upgrade_CrashAfterAction_ResumesToTargetVersion(string actionName)
    {
        await using var node = await CreateNodeAsync(CancellationToken.None);
        var completed = new InMemoryCompletedUpgradeStore();
        var checkpoints = new InMemoryCheckpointStore();
        var actions = FaultInjectingAction.Inject(UpgradeActions.CreateDefault(), actionName, a => FaultInjectingAction.Crashing(a, FaultPoint.AfterExecute), out var crash);

        // The dead process's timers never fire: it runs on a clock that is never advanced.
        var dead = CreateExecutor(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow()), completed, checkpoints);
        _ = dead.ExecuteAsync(actions, node.Adapter, node.Upgrade);
        await crash.Struck.WaitAsync(TimeSpan.FromMinutes(5));

        var restarted = CreateExecutor(TimeProvider.System, completed, checkpoints);
        var outcome = await restarted.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        Assert.IsType<UpgradeSucceeded>(outcome);
        await AssertOnTargetAsync(node);
    }

    /// <summary>Asserts that the node runs the upgrade's target artifact with its configs.</summary>
    /// <param name="node">The node.</param>
    /// <returns>A task.</returns>
    protected static async Task AssertOnTargetAsync(ConformanceNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var upgrade = node.Upgrade;
        Assert.True(await node.Adapter.IsArtifactInstalledAsync(upgrade.InstallTarget, upgrade.Artifact.Checksum, CancellationToken.None), "The target artifact must be installed.");
        foreach (var file in upgrade.ConfigFiles)
        {
            Assert.True(await node.Adapter.IsConfigWrittenAsync(file.Path, file.Checksum, CancellationToken.None), $"The config '{file.Path}' must hold the new content.");
        }

        Assert.True((await node.Adapter.GetStatusAsync(CancellationToken.None)).IsRunning, "The service must run.");
    }
}
