using Grpc.Core;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>The transport on loopback TLS: the hub in a host, agents in process or hand-driven.</summary>
public sealed class GrpcAgentTransportTests : IAsyncLifetime
{
    private static readonly string TokenA = AgentCredentials.CreateToken();
    private static readonly string TokenB = AgentCredentials.CreateToken();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grpc-transport-" + Guid.NewGuid().ToString("N"));
    private TestCertificates _certificates = null!;
    private ControlPlaneHost _hub = null!;

    public async Task InitializeAsync()
    {
        _certificates = TestCertificates.Create(_directory);
        _hub = await ControlPlaneHost.StartAsync(
            _certificates,
            new Dictionary<string, string> { ["node-a"] = TokenA, ["node-b"] = TokenB },
            configureHub: o => o.ConnectTimeout = TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SendUpgradeAsync_ConnectedAgent_ReturnsOutcomeAndForwardsPhasesAndHeartbeats()
    {
        var (runtime, agent) = InProcessAgentHost.CreateNode("node-a");
        await using var host = await StartAgentAsync(agent, "node-a", TokenA);
        var observer = new RecordingObserver();

        var outcome = await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), observer, CancellationToken.None);

        outcome.ShouldBeOfType<UpgradeSucceeded>().UpgradeId.ShouldBe("up-1");
        outcome.IsReplay.ShouldBeFalse();
        runtime.ReadFile(InProcessAgentHost.InstallTarget).ShouldBe(InProcessAgentHost.V2);
        observer.Phases.Select(p => p.Phase).ShouldBe([UpgradePhase.Preparing, UpgradePhase.Stopped, UpgradePhase.Mutating, UpgradePhase.Starting]);
        observer.Heartbeats.Select(h => h.ActionName).ShouldContain("install_artifact");
        observer.Heartbeats.ShouldAllBe(h => h.UpgradeId == "up-1");
    }

    [Fact]
    public async Task SendUpgradeAsync_RedeliveryOfEndedUpgrade_ReturnsStoredOutcomeWithoutMutatingCalls()
    {
        var (runtime, agent) = InProcessAgentHost.CreateNode("node-a");
        await using var host = await StartAgentAsync(agent, "node-a", TokenA);
        var first = await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-2"), new RecordingObserver(), CancellationToken.None);
        var mutatingCalls = runtime.MutatingCalls.Count;

        var again = await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-2"), new RecordingObserver(), CancellationToken.None);

        again.IsReplay.ShouldBeTrue();
        again.ShouldBeOfType<UpgradeSucceeded>().CompletedActions.ShouldBe(first.CompletedActions);
        runtime.MutatingCalls.Count.ShouldBe(mutatingCalls, "a redelivered command for an ended upgrade must not touch the node");
    }

    [Fact]
    public async Task GetOutcomeAsync_EndedAndUnknownUpgrades_ReturnsOutcomeOrNull()
    {
        var (_, agent) = InProcessAgentHost.CreateNode("node-a");
        await using var host = await StartAgentAsync(agent, "node-a", TokenA);
        await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-3"), new RecordingObserver(), CancellationToken.None);

        (await _hub.Transport.GetOutcomeAsync("node-a", "up-3", CancellationToken.None)).ShouldBeOfType<UpgradeSucceeded>();
        (await _hub.Transport.GetOutcomeAsync("node-a", "never-sent", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task SendUpgradeAsync_InvalidPayload_ThrowsValidationErrorFromAgent()
    {
        var (runtime, agent) = InProcessAgentHost.CreateNode("node-a");
        await using var host = await StartAgentAsync(agent, "node-a", TokenA);
        var payload = new UpgradePayload
        {
            UpgradeId = "up-bad",
            BinaryName = "node",
            TargetVersion = "v2",
            ArtifactUrl = "ftp://releases.example/node",
            ArtifactChecksum = "not-a-checksum",
        };

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => _hub.Transport.SendUpgradeAsync("node-a", payload, new RecordingObserver(), CancellationToken.None));

        exception.Message.ShouldContain("artifact_checksum");
        runtime.MutatingCalls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("node-a", "wrong-token-wrong-token-wrong-token-0")]
    [InlineData("node-b", "token-of-a")]
    [InlineData("node-unknown", "token-of-a")]
    public async Task Connect_InvalidCredential_IsRefusedUnauthenticated(string nodeId, string token)
    {
        using var agent = RawAgent.Open(_hub.Address, _certificates, nodeId, token == "token-of-a" ? TokenA : token);

        // The hub refuses from the request headers, before it reads a message, so the refusal is read without writing
        // one: a message written meanwhile races the refusal, its write can fail first, and the call then ends as
        // cancelled by the client instead of with the hub's status.
        var exception = await Should.ThrowAsync<RpcException>(agent.ReadAsync());

        exception.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        _hub.Transport.ConnectedNodes.ShouldNotContain(nodeId);
    }

    [Fact]
    public async Task Connect_ReportForAnotherNode_IsRefusedAndDoesNotSettleTheOtherNodesUpgrade()
    {
        using var nodeB = RawAgent.Open(_hub.Address, _certificates, "node-b", TokenB);
        await nodeB.HelloAsync("node-b");
        await nodeB.AcceptedAsync();
        var send = _hub.Transport.SendUpgradeAsync("node-b", InProcessAgentHost.Payload("up-b"), new RecordingObserver(), CancellationToken.None);
        (await nodeB.ReadAsync()).Upgrade.Payload.UpgradeId.ShouldBe("up-b");

        using var nodeA = RawAgent.Open(_hub.Address, _certificates, "node-a", TokenA);
        await nodeA.HelloAsync("node-a");
        await nodeA.AcceptedAsync();
        await nodeA.SendAsync(new AgentMessage { Ended = RawAgent.Ended("node-b", "up-b", "forged") });
        var refused = await Should.ThrowAsync<RpcException>(nodeA.ReadAsync);

        refused.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        send.IsCompleted.ShouldBeFalse();
        await nodeB.SendAsync(new AgentMessage { Ended = RawAgent.Ended("node-b", "up-b", "genuine") });
        (await send).CompletedActions.ShouldBe(["genuine"], "only node-b's own report may settle its upgrade");
    }

    [Fact]
    public async Task Connect_HelloNamingAnotherNode_IsRefused()
    {
        using var agent = RawAgent.Open(_hub.Address, _certificates, "node-a", TokenA);

        await agent.HelloAsync("node-b");
        var exception = await Should.ThrowAsync<RpcException>(agent.ReadAsync);

        exception.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        _hub.Transport.ConnectedNodes.ShouldNotContain("node-b");
    }

    [Fact]
    public async Task SendUpgradeAsync_StreamLostAndAgentBackWithoutIt_RedeliversAndReturnsOutcome()
    {
        var first = RawAgent.Open(_hub.Address, _certificates, "node-b", TokenB);
        await first.HelloAsync("node-b");
        await first.AcceptedAsync();
        var send = _hub.Transport.SendUpgradeAsync("node-b", InProcessAgentHost.Payload("up-lost"), new RecordingObserver(), CancellationToken.None);
        (await first.ReadAsync()).Upgrade.Payload.UpgradeId.ShouldBe("up-lost");

        first.Dispose();
        using var second = RawAgent.Open(_hub.Address, _certificates, "node-b", TokenB);
        await second.HelloAsync("node-b");

        (await second.ReadAsync()).Upgrade.Payload.UpgradeId.ShouldBe("up-lost", "an upgrade the agent does not re-announce is delivered again");
        send.IsCompleted.ShouldBeFalse("a lost stream is an unknown outcome, not a failure");
        await second.SendAsync(new AgentMessage { Ended = RawAgent.Ended("node-b", "up-lost", "done") });
        (await send).CompletedActions.ShouldBe(["done"]);
    }

    [Fact]
    public async Task SendUpgradeAsync_StreamLostAndAgentReannouncesIt_IsNotRedelivered()
    {
        var first = RawAgent.Open(_hub.Address, _certificates, "node-b", TokenB);
        await first.HelloAsync("node-b");
        await first.AcceptedAsync();
        var send = _hub.Transport.SendUpgradeAsync("node-b", InProcessAgentHost.Payload("up-running"), new RecordingObserver(), CancellationToken.None);
        await first.ReadAsync();

        first.Dispose();
        using var second = RawAgent.Open(_hub.Address, _certificates, "node-b", TokenB);
        await second.HelloAsync("node-b", "up-running");
        await second.AcceptedAsync();
        var outcome = _hub.Transport.GetOutcomeAsync("node-b", "up-running", CancellationToken.None);

        // The next message is the outcome query: the re-announced upgrade was not sent again.
        var query = (await second.ReadAsync()).OutcomeQuery;
        query.UpgradeId.ShouldBe("up-running");
        await second.SendAsync(new AgentMessage { OutcomeAnswer = new OutcomeAnswer { NodeId = "node-b", RequestId = query.RequestId, UpgradeId = "up-running", Found = false } });
        (await outcome).ShouldBeNull();
        await second.SendAsync(new AgentMessage { Ended = RawAgent.Ended("node-b", "up-running", "resumed") });
        (await send).CompletedActions.ShouldBe(["resumed"]);
    }

    [Fact]
    public async Task SendUpgradeAsync_AgentNeverConnects_ThrowsAgentUnavailable()
    {
        await using var hub = await ControlPlaneHost.StartAsync(
            _certificates,
            new Dictionary<string, string> { ["node-a"] = TokenA },
            configureHub: o => o.ConnectTimeout = TimeSpan.FromMilliseconds(200));

        var exception = await Should.ThrowAsync<AgentUnavailableException>(() => hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-x"), new RecordingObserver(), CancellationToken.None));

        exception.Message.ShouldContain("unknown, not failed");
    }

    private Task<InProcessAgentHost> StartAgentAsync(IUpgradeAgent agent, string nodeId, string token) =>
        InProcessAgentHost.StartAsync(agent, _hub.Address, nodeId, token, _certificates.CaPemPath, Path.Combine(_directory, nodeId, Guid.NewGuid().ToString("N")));
}
