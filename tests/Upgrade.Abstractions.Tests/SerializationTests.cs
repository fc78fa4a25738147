using System.Text.Json;

namespace Upgrade.Abstractions.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void UpgradePayload_SerializesWithTheSeedsSnakeCaseNames_AndRoundTrips()
    {
        var payload = new UpgradePayload
        {
            UpgradeId = "u-1",
            BinaryName = "celestia-node",
            SourceVersion = "v0.20.0",
            TargetVersion = "v0.21.0",
            ArtifactUrl = "https://releases.example/celestia-node",
            ArtifactChecksum = Sha256Checksum.Compute("bin"u8),
            ConfigFiles = [ConfigFile.Create("/etc/celestia/config.toml", "max_peers = 100"u8.ToArray())],
            MigrationType = MigrationType.Breaking,
        };

        var json = JsonSerializer.Serialize(payload);

        json.ShouldContain("\"upgrade_id\":\"u-1\"");
        json.ShouldContain("\"migration_type\":\"breaking\"");
        json.ShouldContain("\"config_files\":[{\"path\":\"/etc/celestia/config.toml\"");
        var back = JsonSerializer.Deserialize<UpgradePayload>(json)!;
        back.ConfigFiles.Single().Content.ToArray().ShouldBe("max_peers = 100"u8.ToArray());
        back.ConfigFiles.Single().Checksum.ShouldBe(payload.ConfigFiles[0].Checksum);
        back.MigrationType.ShouldBe(MigrationType.Breaking);
    }

    [Fact]
    public void Enums_UseTheSeedsNames()
    {
        JsonSerializer.Serialize(UpgradePhase.Mutating).ShouldBe("\"MUTATING\"");
        JsonSerializer.Serialize(NodeUpgradeStatus.FailedRollback).ShouldBe("\"failed_rollback\"");
        JsonSerializer.Deserialize<NodeUpgradeStatus>("\"rolled_back\"").ShouldBe(NodeUpgradeStatus.RolledBack);
    }

    [Fact]
    public void UpgradeOutcome_RoundTripsPolymorphically_WithoutTheReplayFlag()
    {
        UpgradeOutcome outcome = new UpgradeRollbackFailed
        {
            UpgradeId = "u-1",
            CompletedAt = DateTimeOffset.UnixEpoch,
            FailedAction = "start_node",
            Error = new UpgradeError { Type = "E", Message = "crashed" },
            CompensationFailedAction = "install_artifact",
            CompensationError = new UpgradeError { Type = "B", Message = "tampered" },
            IsReplay = true,
        };

        var json = JsonSerializer.Serialize(outcome);
        var back = JsonSerializer.Deserialize<UpgradeOutcome>(json);

        json.ShouldStartWith("{\"kind\":\"rollback_failed\"");
        var failed = back.ShouldBeOfType<UpgradeRollbackFailed>();
        failed.CompensationError.Message.ShouldBe("tampered");
        failed.Status.ShouldBe(NodeUpgradeStatus.FailedRollback);
        failed.IsReplay.ShouldBeFalse();
    }
}
