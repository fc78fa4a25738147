using System.Text;

namespace Upgrade.Executor.Tests;

public sealed class UpgradePayloadValidatorTests
{
    private static readonly string Checksum = Sha256Checksum.Compute("v2"u8);

    private static UpgradeAgentOptions Options(string runtime = RuntimeTypes.Systemd) => new()
    {
        RuntimeType = runtime,
        InstallTarget = "/opt/node/bin/node",
        DataDirectory = "/var/lib/node",
        MaxConfigFileBytes = 16,
        MaxConfigFiles = 2,
    };

    private static UpgradePayload Valid(Func<UpgradePayload, UpgradePayload>? change = null)
    {
        var payload = new UpgradePayload
        {
            UpgradeId = "u-1",
            BinaryName = "node",
            SourceVersion = "v1",
            TargetVersion = "v2",
            ArtifactUrl = "https://artifacts.example/node",
            ArtifactChecksum = Checksum,
            ConfigFiles = [ConfigFile.Create("/etc/node/a.toml", "a = 1"u8.ToArray())],
        };
        return change is null ? payload : change(payload);
    }

    private static UpgradePayload With(UpgradePayload p, string? upgradeId = null, string? binaryName = null, string? targetVersion = null, string? url = null, string? checksum = null, IReadOnlyList<ConfigFile>? configs = null)
        => new()
        {
            UpgradeId = upgradeId ?? p.UpgradeId,
            BinaryName = binaryName ?? p.BinaryName,
            SourceVersion = p.SourceVersion,
            TargetVersion = targetVersion ?? p.TargetVersion,
            ArtifactUrl = url ?? p.ArtifactUrl,
            ArtifactChecksum = checksum ?? p.ArtifactChecksum,
            ConfigFiles = configs ?? p.ConfigFiles,
        };

    [Fact]
    public void Validate_ValidPayload_HasNoErrors()
        => UpgradePayloadValidator.Validate(Valid(), Options()).ShouldBeEmpty();

    public static TheoryData<string, string, string> Violations => new()
    {
        { "upgrade_id", "upgrade-id-format", "../x" },
        { "binary_name", "name-format", "bin name" },
        { "target_version", "rule-4", "v1" },
        { "target_version", "version-format", "" },
        { "artifact_checksum", "rule-1", "" },
        { "artifact_checksum", "rule-2", "md5:abc" },
        { "artifact_url", "url-scheme", "ftp://artifacts.example/node" },
        { "artifact_url", "url-scheme", "http://artifacts.example/node" },
        { "artifact_url", "url-credentials", "https://user:secret@artifacts.example/node" },
        { "artifact_url", "url-format", "not a url" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Validate_BrokenRule_NamesTheFieldAndRule(string field, string rule, string value)
    {
        var payload = field switch
        {
            "upgrade_id" => With(Valid(), upgradeId: value),
            "binary_name" => With(Valid(), binaryName: value),
            "target_version" => With(Valid(), targetVersion: value),
            "artifact_checksum" => With(Valid(), checksum: value),
            _ => With(Valid(), url: value),
        };

        var errors = UpgradePayloadValidator.Validate(payload, Options());

        errors.ShouldContain(e => e.Field == field && e.Rule == rule, $"errors were: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Validate_UrlWithCredentials_NeverEchoesTheSecret()
    {
        var exception = Should.Throw<UpgradeValidationException>(() => UpgradePayloadValidator.ThrowIfInvalid(With(Valid(), url: "https://user:hunter2@artifacts.example/node"), Options()));

        exception.Message.ShouldNotContain("hunter2");
        exception.Errors.Single().ToString().ShouldBe("artifact_url: must not carry credentials; configure them on the node instead (url-credentials)");
    }

    [Theory]
    [InlineData("repo:latest", "rule-3")]
    [InlineData("registry.example/repo@sha256:0000000000000000000000000000000000000000000000000000000000000000", "digest-mismatch")]
    public void Validate_DockerReference_MustBeDigestPinnedToTheChecksum(string reference, string rule)
    {
        var errors = UpgradePayloadValidator.Validate(With(Valid(), url: reference), Options(RuntimeTypes.Docker));

        errors.ShouldContain(e => e.Field == "artifact_url" && e.Rule == rule);
    }

    [Fact]
    public void Validate_DockerReferencePinnedToChecksum_IsValid()
        => UpgradePayloadValidator.Validate(With(Valid(), url: "registry.example/repo@" + Checksum), Options(RuntimeTypes.Docker)).ShouldBeEmpty();

    [Theory]
    [InlineData("relative/a.toml", "config-path-absolute")]
    [InlineData("/etc/node/../shadow", "config-path-traversal")]
    public void Validate_ConfigPath_MustBeAbsoluteWithoutTraversal(string path, string rule)
    {
        var errors = UpgradePayloadValidator.Validate(With(Valid(), configs: [ConfigFile.Create(path, "x"u8.ToArray())]), Options());

        errors.ShouldContain(e => e.Field == "config_files[0].path" && e.Rule == rule);
    }

    [Fact]
    public void Validate_ConfigFiles_ChecksSizeCountDuplicatesAndChecksum()
    {
        var big = ConfigFile.Create("/etc/node/big.toml", Encoding.UTF8.GetBytes(new string('x', 17)));
        var wrongChecksum = new ConfigFile { Path = "/etc/node/a.toml", Content = "a"u8.ToArray(), Checksum = Checksum };

        var errors = UpgradePayloadValidator.Validate(With(Valid(), configs: [big, wrongChecksum]), Options());

        errors.Select(e => e.Field + " " + e.Rule).ShouldBe(["config_files[0].content config-size", "config_files[1].checksum config-checksum"]);
        UpgradePayloadValidator.Validate(With(Valid(), configs: [wrongChecksum, wrongChecksum, wrongChecksum]), Options())
            .ShouldContain(e => e.Rule == "config-count");
        var duplicate = ConfigFile.Create("/etc/node/a.toml", "a"u8.ToArray());
        UpgradePayloadValidator.Validate(With(Valid(), configs: [duplicate, duplicate]), Options())
            .ShouldContain(e => e.Field == "config_files[1].path" && e.Rule == "config-path-unique");
    }

    [Fact]
    public void Validate_RevertFields_AreChecked()
    {
        static UpgradePayload Revert(string? reverts, params string[] paths) => new()
        {
            UpgradeId = "u-2", BinaryName = "node", TargetVersion = "v1", ArtifactUrl = "https://artifacts.example/node", ArtifactChecksum = Checksum,
            RevertsUpgradeId = reverts, RevertConfigPaths = paths,
        };

        UpgradePayloadValidator.Validate(Revert("u-1", "/etc/node/a.toml"), Options()).ShouldBeEmpty();
        UpgradePayloadValidator.Validate(Revert(null, "/etc/node/a.toml"), Options()).ShouldContain(e => e.Field == "revert_config_paths" && e.Rule == "revert-requires-upgrade");
        UpgradePayloadValidator.Validate(Revert("../u-1"), Options()).ShouldContain(e => e.Field == "reverts_upgrade_id" && e.Rule == "upgrade-id-format");
        UpgradePayloadValidator.Validate(Revert("u-2"), Options()).ShouldContain(e => e.Rule == "revert-self");
        UpgradePayloadValidator.Validate(Revert("u-1", "/etc/../shadow"), Options()).ShouldContain(e => e.Field == "revert_config_paths[0]" && e.Rule == "config-path-traversal");
    }

    [Fact]
    public void Validate_SeveralViolations_AreAllReported()
    {
        var errors = UpgradePayloadValidator.Validate(With(Valid(), upgradeId: "", checksum: "", url: "ftp://x"), Options());

        errors.Select(e => e.Rule).ShouldBe(["upgrade-id-format", "rule-1", "url-scheme"]);
    }
}
