using Microsoft.Extensions.Time.Testing;
using Upgrade.Testing;

namespace Upgrade.Executor.Tests;

public sealed class UpgradeAgentTests
{
    private readonly InMemoryRuntimeAdapter _runtime = new();
    private readonly InMemoryCompletedUpgradeStore _completed = new();
    private readonly UpgradeAgentOptions _options = new() { RuntimeType = "memory", InstallTarget = "/opt/node/bin/node", DataDirectory = "/var/lib/node" };

    private UpgradeAgent CreateSut()
        => new(new UpgradeExecutor(_completed, new InMemoryCheckpointStore(), null, new FakeTimeProvider()), _runtime, _completed, _options);

    private UpgradePayload Payload(string upgradeId = "u-1")
    {
        _runtime.SetState(_options.InstallTarget, "v1"u8.ToArray());
        var checksum = _runtime.PublishArtifact("https://artifacts.example/node", "v2"u8.ToArray());
        return new UpgradePayload
        {
            UpgradeId = upgradeId,
            BinaryName = "node",
            SourceVersion = "v1",
            TargetVersion = "v2",
            ArtifactUrl = "https://artifacts.example/node",
            ArtifactChecksum = checksum,
            ConfigFiles = [ConfigFile.Create("/etc/node/config.toml", "x = 1"u8.ToArray())],
        };
    }

    [Fact]
    public async Task HandleAsync_ValidPayload_RunsTheEightActionsWithBackupUnderTheDataDirectory()
    {
        var outcome = await CreateSut().HandleAsync(Payload(), NullUpgradeProgressObserver.Instance, default);

        outcome.ShouldBeOfType<UpgradeSucceeded>().CompletedActions.Count.ShouldBe(8);
        _runtime.ReadFile(_options.InstallTarget).ShouldBe("v2"u8.ToArray());
        _runtime.Calls.ShouldContain("BackupStateAsync /var/lib/node/.upgrade-backup/u-1");
    }

    [Fact]
    public async Task HandleAsync_InvalidPayload_ThrowsAndCallsNothing()
    {
        var payload = Payload();
        var invalid = new UpgradePayload
        {
            UpgradeId = payload.UpgradeId, BinaryName = payload.BinaryName, TargetVersion = "v2", ArtifactUrl = "http://plain.example/node", ArtifactChecksum = "sha256:nope",
        };

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().HandleAsync(invalid, NullUpgradeProgressObserver.Instance, default));

        exception.Errors.Select(e => e.Rule).ShouldBe(["rule-2", "url-scheme"]);
        _runtime.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task HandleAsync_RedeliveredPayload_ReturnsStoredOutcomeWithZeroMutatingCalls()
    {
        var sut = CreateSut();
        var payload = Payload();
        await sut.HandleAsync(payload, NullUpgradeProgressObserver.Instance, default);
        var mutating = _runtime.MutatingCalls.Count;

        var again = await sut.HandleAsync(payload, NullUpgradeProgressObserver.Instance, default);

        again.IsReplay.ShouldBeTrue();
        _runtime.MutatingCalls.Count.ShouldBe(mutating);
        (await sut.GetOutcomeAsync("u-1", default)).ShouldBeOfType<UpgradeSucceeded>();
        (await sut.GetOutcomeAsync("u-2", default)).ShouldBeNull();
    }

    [Fact]
    public async Task HandleAsync_WithRootDirectory_PlacesConfigPathsUnderIt()
    {
        _options.RootDirectory = "/srv/node-3";

        await CreateSut().HandleAsync(Payload(), NullUpgradeProgressObserver.Instance, default);

        _runtime.ReadFile("/srv/node-3/etc/node/config.toml").ShouldBe("x = 1"u8.ToArray());
        _runtime.ReadFile("/etc/node/config.toml").ShouldBeNull();
    }

    [Fact]
    public async Task HandleAsync_RevertPayload_RestoresTheConfigsTheRevertedUpgradeReplaced()
    {
        var sut = CreateSut();
        var forward = Payload();
        await _runtime.WriteConfigAsync("/etc/node/config.toml", "x = 0"u8.ToArray(), default);
        (await sut.HandleAsync(forward, NullUpgradeProgressObserver.Instance, default)).ShouldBeOfType<UpgradeSucceeded>();
        _runtime.ReadFile("/etc/node/config.toml").ShouldBe("x = 1"u8.ToArray());
        var v1 = _runtime.PublishArtifact("https://artifacts.example/node-v1", "v1"u8.ToArray());
        var revert = new UpgradePayload
        {
            UpgradeId = "u-1-rollback",
            BinaryName = "node",
            SourceVersion = "v2",
            TargetVersion = "v1",
            ArtifactUrl = "https://artifacts.example/node-v1",
            ArtifactChecksum = v1,
            RevertsUpgradeId = "u-1",
            RevertConfigPaths = ["/etc/node/config.toml"],
        };

        var outcome = await sut.HandleAsync(revert, NullUpgradeProgressObserver.Instance, default);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        _runtime.ReadFile(_options.InstallTarget).ShouldBe("v1"u8.ToArray());
        _runtime.ReadFile("/etc/node/config.toml").ShouldBe("x = 0"u8.ToArray(), "the old binary must not start with the new config");
        _runtime.Calls.ShouldContain("RestoreStateAsync /var/lib/node/.upgrade-backup/u-1 Configs");
    }

    [Fact]
    public async Task HandleAsync_RevertWhoseStartFails_IsCompensatedBackToTheNewVersionWithItsConfig()
    {
        var sut = CreateSut();
        (await sut.HandleAsync(Payload(), NullUpgradeProgressObserver.Instance, default)).ShouldBeOfType<UpgradeSucceeded>();
        var v1 = _runtime.PublishArtifact("https://artifacts.example/node-v1", "v1"u8.ToArray());
        _runtime.CrashOnStart(v1);
        var revert = new UpgradePayload
        {
            UpgradeId = "u-1-rollback", BinaryName = "node", SourceVersion = "v2", TargetVersion = "v1",
            ArtifactUrl = "https://artifacts.example/node-v1", ArtifactChecksum = v1,
            RevertsUpgradeId = "u-1", RevertConfigPaths = ["/etc/node/config.toml"],
        };

        (await sut.HandleAsync(revert, NullUpgradeProgressObserver.Instance, default)).ShouldBeOfType<UpgradeCompensated>();

        _runtime.ReadFile(_options.InstallTarget).ShouldBe("v2"u8.ToArray());
        _runtime.ReadFile("/etc/node/config.toml").ShouldBe("x = 1"u8.ToArray(), "the new binary must come back with its own config");
        _runtime.IsRunning.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_RelativeDataDirectory_IsRejectedNamingTheField()
    {
        _options.DataDirectory = "relative";

        var exception = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(CreateSut);

        exception.Message.ShouldContain("DataDirectory");
    }
}
