using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Testing;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>Agents report the release their node runs; the hub keeps the last one per authenticated node.</summary>
public sealed class ReportedReleaseTests : IAsyncLifetime
{
    private const string V1Url = "https://releases.example/node-v1";
    private static readonly string TokenA = AgentCredentials.CreateToken();
    private static readonly string TokenB = AgentCredentials.CreateToken();
    private static readonly ReportedRelease V2Release = new("v2", InProcessAgentHost.V2Url, Sha256Checksum.Compute(InProcessAgentHost.V2));
    private static readonly ReportedRelease V1Release = new("v1", V1Url, Sha256Checksum.Compute(InProcessAgentHost.V1));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grpc-release-" + Guid.NewGuid().ToString("N"));
    private TestCertificates _certificates = null!;
    private ControlPlaneHost _hub = null!;

    public async Task InitializeAsync()
    {
        _certificates = TestCertificates.Create(_directory);
        _hub = await StartHubAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SucceededUpgrade_ReportsTheNewRelease()
    {
        var (_, agent) = InProcessAgentHost.CreateNode("node-a");
        await using var host = await StartAgentAsync(_hub, agent, StateDirectory());
        await ConnectedAsync(_hub);
        _hub.Transport.TryGetReportedRelease("node-a", out _).ShouldBeFalse("a node reports no release before its first successful upgrade");

        await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), new RecordingObserver(), CancellationToken.None);

        _hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V2Release);
    }

    [Fact]
    public async Task CompensatedUpgrade_LeavesTheReleaseUnchanged()
    {
        var (runtime, agent) = InProcessAgentHost.CreateNode("node-a");
        runtime.PublishArtifact(V1Url, InProcessAgentHost.V1);
        runtime.FailOn(nameof(IRuntimeAdapter.InstallArtifactAsync), call: 2);
        await using var host = await StartAgentAsync(_hub, agent, StateDirectory());
        await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), new RecordingObserver(), CancellationToken.None);

        var outcome = await _hub.Transport.SendUpgradeAsync("node-a", DowngradePayload("up-2"), new RecordingObserver(), CancellationToken.None);

        outcome.ShouldBeOfType<UpgradeCompensated>();
        _hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V2Release, "a compensated upgrade leaves the node on the release it had");
    }

    [Fact]
    public async Task ReplayOfAnOlderUpgrade_DoesNotMoveTheReleaseBack()
    {
        var (runtime, agent) = InProcessAgentHost.CreateNode("node-a");
        runtime.PublishArtifact(V1Url, InProcessAgentHost.V1);
        await using var host = await StartAgentAsync(_hub, agent, StateDirectory());
        await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), new RecordingObserver(), CancellationToken.None);
        await _hub.Transport.SendUpgradeAsync("node-a", DowngradePayload("up-2"), new RecordingObserver(), CancellationToken.None);

        var replay = await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), new RecordingObserver(), CancellationToken.None);

        replay.IsReplay.ShouldBeTrue();
        _hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V1Release, "the replayed outcome of up-1 is older than the rollback that followed it");
    }

    [Fact]
    public async Task RestartedAgent_ReportsItsReleaseInTheHello()
    {
        var (_, agent) = InProcessAgentHost.CreateNode("node-a");
        var state = StateDirectory();
        await using (await StartAgentAsync(_hub, agent, state))
        {
            await _hub.Transport.SendUpgradeAsync("node-a", InProcessAgentHost.Payload("up-1"), new RecordingObserver(), CancellationToken.None);
        }

        // A control plane that never saw the upgrade learns the release from the restarted agent's hello alone.
        await using var hub = await StartHubAsync();
        await using var restarted = await StartAgentAsync(hub, agent, state);
        await ConnectedAsync(hub);

        hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V2Release);
    }

    [Fact]
    public async Task AgentStoppedBeforeSavingTheRelease_DerivesItFromTheJournalAtTheNextStart()
    {
        // The state an agent killed between the end of the upgrade and the release write leaves: the upgrade is in the
        // journal and the completed store, and there is no release file.
        var (_, agent) = InProcessAgentHost.CreateNode("node-a");
        var state = StateDirectory();
        var payload = InProcessAgentHost.Payload("up-1");
        await new AgentJournal(state).RecordAsync(payload, CancellationToken.None);
        (await agent.HandleAsync(payload, new RecordingObserver(), CancellationToken.None)).ShouldBeOfType<UpgradeSucceeded>();
        File.Exists(Path.Combine(state, "release.json")).ShouldBeFalse();

        await using var host = await StartAgentAsync(_hub, agent, state);
        await ConnectedAsync(_hub);

        _hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V2Release);
        File.GetUnixFileMode(Path.Combine(state, "release.json")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "an artifact URL may carry a signed query");
    }

    [Fact]
    public async Task SavedRelease_IsAppliedOnceAndOnlyMovesForward()
    {
        var release = new AgentRelease(StateDirectory(), NullLogger.Instance);
        var payload = InProcessAgentHost.Payload("up-1");
        var at = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        (await release.ApplyAsync(payload, Compensated("up-1", at), CancellationToken.None)).ShouldBeFalse();
        release.Current.ShouldBeNull();
        (await release.ApplyAsync(payload, Succeeded("up-1", at), CancellationToken.None)).ShouldBeTrue();
        (await release.ApplyAsync(payload, Succeeded("up-1", at), CancellationToken.None)).ShouldBeFalse("applying the same outcome again changes nothing");
        (await release.ApplyAsync(DowngradePayload("up-0"), Succeeded("up-0", at.AddHours(-1)), CancellationToken.None)).ShouldBeFalse("an older outcome never moves the release back");

        release.Current!.Version.ShouldBe("v2");
    }

    [Fact]
    public async Task ReleaseReportedOnNodeAsStream_NeverLandsUnderNodeB()
    {
        using var nodeA = RawAgent.Open(_hub.Address, _certificates, "node-a", TokenA);
        await nodeA.SendAsync(new AgentMessage { Hello = new Hello { NodeId = "node-a", CurrentRelease = Wire(V2Release) } });
        await nodeA.AcceptedAsync();

        // Processed in order: the refusal of the forged report comes after the hello was recorded.
        var forged = RawAgent.Ended("node-b", "up-b", "forged");
        forged.CurrentRelease = Wire(V1Release);
        await nodeA.SendAsync(new AgentMessage { Ended = forged });
        (await Should.ThrowAsync<RpcException>(nodeA.ReadAsync)).StatusCode.ShouldBe(StatusCode.PermissionDenied);

        _hub.Transport.TryGetReportedRelease("node-b", out _).ShouldBeFalse();
        _hub.Transport.TryGetReportedRelease("node-a", out var release).ShouldBeTrue();
        release.ShouldBe(V2Release);
    }

    [Fact]
    public async Task IllFormedRelease_IsIgnoredAndTheStreamStaysOpen()
    {
        using var nodeA = RawAgent.Open(_hub.Address, _certificates, "node-a", TokenA);
        var bad = new Release { Version = "v9", ArtifactUrl = "ftp://releases.example/node", ArtifactChecksum = "sha256:abc" };
        await nodeA.SendAsync(new AgentMessage { Hello = new Hello { NodeId = "node-a", CurrentRelease = bad } });
        await nodeA.AcceptedAsync();

        var query = _hub.Transport.GetOutcomeAsync("node-a", "up-x", CancellationToken.None);
        var asked = (await nodeA.ReadAsync()).OutcomeQuery;
        await nodeA.SendAsync(new AgentMessage { OutcomeAnswer = new OutcomeAnswer { NodeId = "node-a", RequestId = asked.RequestId, UpgradeId = "up-x" } });

        (await query).ShouldBeNull();
        _hub.Transport.TryGetReportedRelease("node-a", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("v2", "https://releases.example/node-v2", true)]
    [InlineData("v2", "http://mirror.internal/node-v2", true)]
    [InlineData("v2", "registry.example/node@sha256:DIGEST", true)]
    [InlineData("", "https://releases.example/node-v2", false)]
    [InlineData(" ", "https://releases.example/node-v2", false)]
    [InlineData("v2", "", false)]
    [InlineData("v2", "releases.example/node-v2", false)]
    [InlineData("v2", "ftp://releases.example/node-v2", false)]
    [InlineData("v2", "https://user:secret@releases.example/node-v2", false)]
    [InlineData("v2", "registry.example/node@sha256:0000000000000000000000000000000000000000000000000000000000000000", false)]
    public void FromWire_ValidatesVersionUrlAndChecksum(string version, string url, bool valid)
    {
        var checksum = V2Release.ArtifactChecksum;
        var wire = new Release { Version = version, ArtifactUrl = url.Replace("sha256:DIGEST", checksum, StringComparison.Ordinal), ArtifactChecksum = checksum };

        var release = ReportedRelease.FromWire(wire, out var error);

        (release is not null).ShouldBe(valid, error);
        if (!valid)
        {
            error.ShouldNotBeNull().ShouldNotContain(wire.ArtifactUrl.Length > 0 ? wire.ArtifactUrl : "\u0000", Case.Sensitive, "values are never echoed");
        }
    }

    [Fact]
    public void FromWire_MalformedChecksum_NamesTheField()
    {
        ReportedRelease.FromWire(new Release { Version = "v2", ArtifactUrl = InProcessAgentHost.V2Url, ArtifactChecksum = "md5:abc" }, out var error).ShouldBeNull();

        error.ShouldNotBeNull().ShouldStartWith("artifact_checksum:");
    }

    private static UpgradePayload DowngradePayload(string upgradeId) => new()
    {
        UpgradeId = upgradeId,
        BinaryName = "node",
        SourceVersion = "v2",
        TargetVersion = "v1",
        ArtifactUrl = V1Url,
        ArtifactChecksum = Sha256Checksum.Compute(InProcessAgentHost.V1),
    };

    private static UpgradeSucceeded Succeeded(string upgradeId, DateTimeOffset at) => new() { UpgradeId = upgradeId, CompletedAt = at };

    private static UpgradeCompensated Compensated(string upgradeId, DateTimeOffset at) => new() { UpgradeId = upgradeId, CompletedAt = at, FailedAction = "install_artifact", Error = new UpgradeError { Type = "test", Message = "injected" } };

    private static Release Wire(ReportedRelease release) => new() { Version = release.Version, ArtifactUrl = release.ArtifactUrl, ArtifactChecksum = release.ArtifactChecksum };

    /// <summary>Waits until node-a's hello was processed: an outcome query is answered only after it.</summary>
    private static Task ConnectedAsync(ControlPlaneHost hub) => hub.Transport.GetOutcomeAsync("node-a", "probe", CancellationToken.None);

    private Task<ControlPlaneHost> StartHubAsync() => ControlPlaneHost.StartAsync(
        _certificates,
        new Dictionary<string, string> { ["node-a"] = TokenA, ["node-b"] = TokenB },
        configureHub: o => o.ConnectTimeout = TimeSpan.FromSeconds(20));

    private string StateDirectory() => Path.Combine(_directory, "node-a", Guid.NewGuid().ToString("N"));

    private Task<InProcessAgentHost> StartAgentAsync(ControlPlaneHost hub, IUpgradeAgent agent, string stateDirectory) =>
        InProcessAgentHost.StartAsync(agent, hub.Address, "node-a", TokenA, _certificates.CaPemPath, stateDirectory);
}
