using System.Text;
using Microsoft.Extensions.Time.Testing;
using Upgrade.Testing;

namespace Upgrade.HostileInput.Tests;

/// <summary>Defects the corpus and the generated inputs found, each pinned by the smallest input that shows it.</summary>
public sealed class HostileInputRegressionTests
{
    [Fact]
    public async Task HandleAsync_ConfigFilesNullInJson_RunsTheUpgradeWithoutConfigs()
    {
        // The validator accepted "config_files": null, then building the actions threw ArgumentNullException (Select on null).
        var runtime = new InMemoryRuntimeAdapter();
        runtime.SetState("/opt/app/bin/app", "app v1"u8.ToArray());
        runtime.PublishArtifact("https://artifacts.example/app-v2", Payloads.V2Artifact);
        var completed = new InMemoryCompletedUpgradeStore();
        var options = new UpgradeAgentOptions { RuntimeType = "memory", InstallTarget = "/opt/app/bin/app", DataDirectory = "/var/lib/app" };
        var agent = new UpgradeAgent(new UpgradeExecutor(completed, new InMemoryCheckpointStore(), null, new FakeTimeProvider()), runtime, completed, options);
        var payload = System.Text.Json.JsonSerializer.Deserialize<UpgradePayload>(
            System.Text.Json.JsonSerializer.Serialize(Payloads.Valid().ToPayload()).Replace("\"config_files\":[", "\"config_files\":null,\"x\":[", StringComparison.Ordinal))!;
        payload.ConfigFiles.ShouldBeNull();

        var outcome = await agent.HandleAsync(payload, NullUpgradeProgressObserver.Instance, CancellationToken.None);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        runtime.ReadFile("/opt/app/bin/app").ShouldBe(Payloads.V2Artifact);
    }

    [Fact]
    public void Validate_MigrationTypeOutsideTheEnum_IsRejected()
    {
        // JSON accepts any number for an enum: 7 used to pass and pick no rollback tier.
        var payload = (Payloads.Valid() with { MigrationType = (MigrationType)7 }).ToPayload();

        var errors = UpgradePayloadValidator.Validate(payload, new UpgradeAgentOptions());

        errors.Select(e => (e.Field, e.Rule)).ShouldBe([("migration_type", "migration-type")]);
    }

    [Fact]
    public async Task HandleAsync_ConfigPathThroughSymlinkOutOfTheRoots_IsRejectedBeforeAnyRuntimeCall()
    {
        // Before AllowedConfigRoots, the payload passed validation and failed in backup_state: an outcome, a stored
        // record and a runtime call instead of a validation error.
        await using var world = await HostileWorld.CreateAsync();
        var payload = (Payloads.Valid() with { ConfigFiles = [ConfigFile.Create("/etc/app/escape/secret.conf", "x=1\n"u8.ToArray())] }).ToPayload();
        var before = await world.CaptureAsync();

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => world.Agent.HandleAsync(payload, NullUpgradeProgressObserver.Instance, CancellationToken.None));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("config_files[0].path", "config-path-root")]);
        world.Runtime.Calls.ShouldBeEmpty();
        (await world.CaptureAsync()).ShouldBe(before);
    }

    [Fact]
    public void Validate_NoAllowedConfigRoots_LeavesTheRootCheckToTheAdapter()
    {
        var payload = (Payloads.Valid() with { ConfigFiles = [ConfigFile.Create("/outside/secret.conf", "x=1\n"u8.ToArray())] }).ToPayload();

        UpgradePayloadValidator.Validate(payload, new UpgradeAgentOptions()).ShouldBeEmpty();
    }

    [Fact]
    public void UpgradeAgent_RelativeAllowedConfigRoot_IsRejectedAtConstruction()
    {
        var completed = new InMemoryCompletedUpgradeStore();
        var options = new UpgradeAgentOptions { RuntimeType = "memory", InstallTarget = "/opt/app/bin/app", DataDirectory = "/var/lib/app" };
        options.AllowedConfigRoots.Add("etc/app");

        var exception = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new UpgradeAgent(new UpgradeExecutor(completed, new InMemoryCheckpointStore()), new InMemoryRuntimeAdapter(), completed, options));

        exception.Failures.ShouldContain(f => f.Contains(nameof(UpgradeAgentOptions.AllowedConfigRoots), StringComparison.Ordinal) && f.Contains("index 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAsync_ControlCharacterInAScalar_IsASyntaxErrorWithLineAndColumn()
    {
        // YamlDotNet let U+0007 through in a plain scalar; YAML allows only printable characters.
        var directory = Directory.CreateTempSubdirectory("upgrade-hostile-bell-").FullName;
        try
        {
            var path = Path.Combine(directory, "upgrades", "chain-a", "u-1.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, HostileWorld.ValidManifest.Replace("binary_name: app", "binary_name: ap\u0007p", StringComparison.Ordinal), Encoding.UTF8);

            var exception = await Should.ThrowAsync<UpgradeValidationException>(() => new FileManifestReader(() => directory, 1 << 20).GetAsync("chain-a", "u-1", CancellationToken.None));

            var error = exception.Errors.ShouldHaveSingleItem();
            (error.Field, error.Rule).ShouldBe(("$", ManifestRules.Syntax));
            error.Message.ShouldBe($"{path}:4:16: The file contains the non-printable character U+0007.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetAsync_ThousandsOfUnknownKeys_ListsTheFirstHundredAndCountsTheRest()
    {
        // Every one of 5,000 unknown keys used to be its own error: a multi-megabyte message and seconds of work for
        // one file under the size limit.
        var directory = Directory.CreateTempSubdirectory("upgrade-hostile-keys-").FullName;
        try
        {
            var path = Path.Combine(directory, "upgrades", "chain-a", "u-1.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder(HostileWorld.ValidManifest);
            for (var i = 0; i < 5000; i++)
            {
                text.Append("key_").Append(i).Append(": value\n");
            }

            await File.WriteAllTextAsync(path, text.ToString());

            var exception = await Should.ThrowAsync<UpgradeValidationException>(() => new FileManifestReader(() => directory, 1 << 20).GetAsync("chain-a", "u-1", CancellationToken.None));

            exception.Errors.Count.ShouldBe(101);
            exception.Errors.Take(100).Select(e => (e.Field, e.Rule)).ShouldBe(Enumerable.Range(0, 100).Select(i => ($"key_{i}", ManifestRules.UnknownKey)));
            var last = exception.Errors[^1];
            (last.Field, last.Rule).ShouldBe(("$", ManifestRules.TooManyErrors));
            last.Message.ShouldBe($"{path}: 4900 more error(s) were found and not listed; only the first 100 are.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetAsync_ExactlyAHundredErrors_ListsThemAllWithoutACountError()
    {
        var directory = Directory.CreateTempSubdirectory("upgrade-hostile-keys-").FullName;
        try
        {
            var path = Path.Combine(directory, "upgrades", "chain-a", "u-1.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder(HostileWorld.ValidManifest);
            for (var i = 0; i < 100; i++)
            {
                text.Append("key_").Append(i).Append(": value\n");
            }

            await File.WriteAllTextAsync(path, text.ToString());

            var exception = await Should.ThrowAsync<UpgradeValidationException>(() => new FileManifestReader(() => directory, 1 << 20).GetAsync("chain-a", "u-1", CancellationToken.None));

            exception.Errors.Count.ShouldBe(100);
            exception.Errors.ShouldAllBe(e => e.Rule == ManifestRules.UnknownKey);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetAsync_Utf8ByteOrderMark_IsAccepted()
    {
        // The mark stayed in the text and became part of the first key: "\uFEFFupgrade_id" was an unknown key and
        // upgrade_id was missing, so a manifest saved by an editor that writes the mark could never load.
        var directory = Directory.CreateTempSubdirectory("upgrade-hostile-bom-").FullName;
        try
        {
            var path = Path.Combine(directory, "upgrades", "chain-a", "u-1.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(HostileWorld.ValidManifest)).ToArray();
            await File.WriteAllBytesAsync(path, bytes);

            var manifest = await new FileManifestReader(() => directory, 1 << 20).GetAsync("chain-a", "u-1", CancellationToken.None);

            manifest.ShouldNotBeNull().UpgradeId.ShouldBe("u-1");
            manifest.ContentHash.ShouldBe(Sha256Checksum.Compute(bytes));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
