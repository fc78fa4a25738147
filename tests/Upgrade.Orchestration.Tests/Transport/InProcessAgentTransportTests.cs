namespace Upgrade.Orchestration.Tests.Transport;

public sealed class InProcessAgentTransportTests
{
    [Fact]
    public async Task SendUpgradeAsync_UnknownNode_IsUnavailable()
    {
        var sut = new InProcessAgentTransport(new Dictionary<string, IUpgradeAgent>());

        await Should.ThrowAsync<AgentUnavailableException>(() => sut.SendUpgradeAsync("n1", Payload(), NullUpgradeProgressObserver.Instance, default));
        await Should.ThrowAsync<AgentUnavailableException>(() => sut.GetOutcomeAsync("n1", "u1", default));
    }

    [Fact]
    public async Task SendUpgradeAsync_CallerCancels_StopsWaitingButTheAgentFinishes()
    {
        var agent = new GateAgent();
        var sut = new InProcessAgentTransport(new Dictionary<string, IUpgradeAgent> { ["n1"] = agent });
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver();

        var send = sut.SendUpgradeAsync("n1", Payload(), observer, cancellation.Token);
        await cancellation.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => send);
        agent.ReceivedToken.CanBeCanceled.ShouldBeFalse();
        (await sut.GetOutcomeAsync("n1", "u1", default)).ShouldBeNull();
        agent.Release();

        var outcome = await sut.GetOutcomeAsync("n1", "u1", default);
        outcome.ShouldBeOfType<UpgradeSucceeded>();
        observer.Phases.ShouldBe([UpgradePhase.Preparing]);
    }

    [Fact]
    public async Task SendUpgradeAsync_ResendWhileRunning_JoinsAndForwardsProgressToTheLatestCaller()
    {
        var agent = new GateAgent();
        var sut = new InProcessAgentTransport(new Dictionary<string, IUpgradeAgent> { ["n1"] = agent });
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        using var cancellation = new CancellationTokenSource();

        var abandoned = sut.SendUpgradeAsync("n1", Payload(), first, cancellation.Token);
        await cancellation.CancelAsync();
        var resent = sut.SendUpgradeAsync("n1", Payload(), second, default);
        await agent.ReportAsync(UpgradePhase.Mutating);
        agent.Release();

        (await resent).ShouldBeOfType<UpgradeSucceeded>();
        await Should.ThrowAsync<OperationCanceledException>(() => abandoned);
        agent.Calls.ShouldBe(1);
        first.Phases.ShouldBe([UpgradePhase.Preparing]);
        second.Phases.ShouldBe([UpgradePhase.Mutating]);
    }

    [Fact]
    public async Task SendUpgradeAsync_AgentThrowsSynchronously_FaultsTheTask()
    {
        var sut = new InProcessAgentTransport(new Dictionary<string, IUpgradeAgent> { ["n1"] = new ThrowingAgent() });

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => sut.SendUpgradeAsync("n1", Payload(), NullUpgradeProgressObserver.Instance, default));

        exception.Message.ShouldBe("bad payload");
    }

    private static UpgradePayload Payload() => new()
    {
        UpgradeId = "u1",
        BinaryName = "node",
        TargetVersion = "v2",
        ArtifactUrl = "https://releases.example/v2",
        ArtifactChecksum = Sha256Checksum.Compute("v2"u8),
    };

    private sealed class GateAgent : IUpgradeAgent
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private UpgradeOutcome? _outcome;

        private IUpgradeProgressObserver? _observer;

        public CancellationToken ReceivedToken { get; private set; }

        public int Calls { get; private set; }

        public void Release() => _gate.SetResult();

        public ValueTask ReportAsync(UpgradePhase phase) =>
            _observer!.OnPhaseChangedAsync(new UpgradePhaseChange { UpgradeId = "u1", Phase = phase, Timestamp = DateTimeOffset.UnixEpoch }, default);

        public async Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
        {
            ReceivedToken = cancellationToken;
            Calls++;
            _observer = observer;
            await observer.OnPhaseChangedAsync(new UpgradePhaseChange { UpgradeId = payload.UpgradeId, Phase = UpgradePhase.Preparing, Timestamp = DateTimeOffset.UnixEpoch }, cancellationToken);
            await _gate.Task;
            _outcome = new UpgradeSucceeded { UpgradeId = payload.UpgradeId, CompletedAt = DateTimeOffset.UnixEpoch };
            return _outcome;
        }

        public async ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken)
        {
            // The release continues on the thread pool; give it the chance to store the outcome.
            for (var i = 0; i < 1000 && _outcome is null && _gate.Task.IsCompleted; i++)
            {
                await Task.Yield();
            }

            return _outcome;
        }
    }

    private sealed class ThrowingAgent : IUpgradeAgent
    {
        public Task<UpgradeOutcome> HandleAsync(UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken) =>
            throw new UpgradeValidationException("bad payload");

        public ValueTask<UpgradeOutcome?> GetOutcomeAsync(string upgradeId, CancellationToken cancellationToken) => ValueTask.FromResult<UpgradeOutcome?>(null);
    }

    private sealed class RecordingObserver : IUpgradeProgressObserver
    {
        public List<UpgradePhase> Phases { get; } = [];

        public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken)
        {
            Phases.Add(change.Phase);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
