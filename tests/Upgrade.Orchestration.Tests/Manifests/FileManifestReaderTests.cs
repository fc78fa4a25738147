using System.Text;

namespace Upgrade.Orchestration.Tests.Manifests;

public sealed class FileManifestReaderTests : IDisposable
{
    public const string ValidManifest = """
        upgrade_id: v1.5.0-hotfix
        chain_profile_id: celestia-mocha
        node_type: full
        binary_name: celestia-node
        target_version: v0.21.0
        target_url: https://releases.celestia.org/v0.21.0/celestia-node-linux-amd64
        target_checksum: sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        state_compatibility:
          migration_type: compatible
          notes: "State format unchanged"
        config_changes:
          - path: /etc/celestia/config.toml
            template: config.toml.tmpl
            overrides:
              max_peers: "100"
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "upgrade-manifests-" + Guid.NewGuid().ToString("N"));
    private string _configDirectory;

    public FileManifestReaderTests()
    {
        _configDirectory = Path.Combine(_root, "one");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task GetAsync_ValidManifest_MapsEveryFieldAndHashesRawBytes()
    {
        var path = Write("celestia-mocha", "v1.5.0-hotfix", ValidManifest);

        var manifest = await CreateSut().GetAsync("celestia-mocha", "v1.5.0-hotfix", default);

        manifest.ShouldNotBeNull();
        manifest.UpgradeId.ShouldBe("v1.5.0-hotfix");
        manifest.ChainProfileId.ShouldBe("celestia-mocha");
        manifest.NodeType.ShouldBe("full");
        manifest.BinaryName.ShouldBe("celestia-node");
        manifest.TargetVersion.ShouldBe("v0.21.0");
        manifest.TargetUrl.ShouldBe("https://releases.celestia.org/v0.21.0/celestia-node-linux-amd64");
        manifest.TargetChecksum.ShouldBe("sha256:" + new string('a', 64));
        manifest.StateCompatibility.MigrationType.ShouldBe(MigrationType.Compatible);
        manifest.StateCompatibility.Notes.ShouldBe("State format unchanged");
        manifest.ConfigChanges.Single().Path.ShouldBe("/etc/celestia/config.toml");
        manifest.ConfigChanges.Single().Template.ShouldBe("config.toml.tmpl");
        manifest.ConfigChanges.Single().Overrides.ShouldBe(new Dictionary<string, string> { ["max_peers"] = "100" });
        manifest.ContentHash.ShouldBe(Sha256Checksum.Compute(File.ReadAllBytes(path)));
        manifest.SourcePath.ShouldBe(path);
        (await CreateSut().ContentHashAsync("celestia-mocha", "v1.5.0-hotfix", default)).ShouldBe(manifest.ContentHash);
    }

    [Fact]
    public async Task GetAsync_ConfigDirectoryChanges_IsResolvedAtCallTime()
    {
        var sut = CreateSut();
        Write("celestia-mocha", "v1.5.0-hotfix", ValidManifest);
        (await sut.GetAsync("celestia-mocha", "v1.5.0-hotfix", default)).ShouldNotBeNull();

        _configDirectory = Path.Combine(_root, "two");

        (await sut.GetAsync("celestia-mocha", "v1.5.0-hotfix", default)).ShouldBeNull();
        (await sut.ContentHashAsync("celestia-mocha", "v1.5.0-hotfix", default)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_TwoManifests_ReturnsThemOrderedById()
    {
        Write("celestia-mocha", "v1.5.0-hotfix", ValidManifest);
        Write("celestia-mocha", "v1.4.0", ValidManifest.Replace("v1.5.0-hotfix", "v1.4.0", StringComparison.Ordinal));

        var list = await CreateSut().ListAsync("celestia-mocha", default);

        list.Select(m => m.UpgradeId).ShouldBe(["v1.4.0", "v1.5.0-hotfix"]);
        (await CreateSut().ListAsync("other-chain", default)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("..", "v1")]
    [InlineData("chain/x", "v1")]
    [InlineData("chain", "../v1")]
    [InlineData("chain", ".hidden")]
    [InlineData("chain", "")]
    public async Task GetAsync_IdThatEscapesTheDirectory_IsRejected(string chain, string upgrade)
    {
        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().GetAsync(chain, upgrade, default));

        exception.Errors.ShouldAllBe(e => e.Rule == ManifestRules.Id);
    }

    [Fact]
    public async Task GetAsync_UnknownKey_NamesFileLineAndField()
    {
        var text = ValidManifest.Replace("  notes:", "  note:", StringComparison.Ordinal);

        var error = await SingleErrorAsync(text);

        error.Field.ShouldBe("state_compatibility.note");
        error.Rule.ShouldBe(ManifestRules.UnknownKey);
        error.Message.ShouldContain("v1.5.0-hotfix.yaml:10:");
    }

    [Fact]
    public async Task GetAsync_DuplicateKey_IsRejected()
    {
        var error = await SingleErrorAsync(ValidManifest + "\nbinary_name: other\n");

        error.Field.ShouldBe("binary_name");
        error.Rule.ShouldBe(ManifestRules.DuplicateKey);
        error.Message.ShouldContain(":16:");
    }

    [Fact]
    public async Task GetAsync_WrongType_IsRejected()
    {
        var error = await SingleErrorAsync(ValidManifest.Replace("binary_name: celestia-node", "binary_name: [a, b]", StringComparison.Ordinal));

        error.Field.ShouldBe("binary_name");
        error.Rule.ShouldBe(ManifestRules.Type);
        error.Message.ShouldContain(":4:");
    }

    [Fact]
    public async Task GetAsync_MissingRequiredFields_ReportsEach()
    {
        var text = string.Join('\n', ValidManifest.Split('\n').Where(l => !l.StartsWith("target_url", StringComparison.Ordinal) && !l.StartsWith("target_checksum", StringComparison.Ordinal)));
        Write("celestia-mocha", "v1.5.0-hotfix", text);

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().GetAsync("celestia-mocha", "v1.5.0-hotfix", default));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("target_url", ManifestRules.Required), ("target_checksum", ManifestRules.Required)]);
    }

    [Fact]
    public async Task GetAsync_UnknownMigrationType_IsRejected()
    {
        var error = await SingleErrorAsync(ValidManifest.Replace("migration_type: compatible", "migration_type: risky", StringComparison.Ordinal));

        error.Field.ShouldBe("state_compatibility.migration_type");
        error.Rule.ShouldBe(ManifestRules.Value);
    }

    [Fact]
    public async Task GetAsync_AliasBomb_IsRefusedWithoutExpansion()
    {
        var bomb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(',', Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        var error = await SingleErrorAsync(bomb.ToString());

        error.Rule.ShouldBe(ManifestRules.Alias);
        error.Field.ShouldBe("a");
        error.Message.ShouldContain(":1:");
    }

    [Fact]
    public async Task GetAsync_Tag_IsRefused()
    {
        var error = await SingleErrorAsync(ValidManifest.Replace("node_type: full", "node_type: !!binary ZnVsbA==", StringComparison.Ordinal));

        error.Rule.ShouldBe(ManifestRules.Alias);
        error.Field.ShouldBe("node_type");
    }

    [Fact]
    public async Task GetAsync_OversizedFile_IsRejectedBeforeParsing()
    {
        Write("celestia-mocha", "v1.5.0-hotfix", ValidManifest + "\n#" + new string('x', 2048));
        var sut = new FileManifestReader(() => _configDirectory, maxManifestBytes: 1024);

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => sut.GetAsync("celestia-mocha", "v1.5.0-hotfix", default));

        exception.Errors.Single().Rule.ShouldBe(ManifestRules.Size);
        exception.Errors.Single().Message.ShouldContain("v1.5.0-hotfix.yaml");
    }

    [Fact]
    public async Task GetAsync_InvalidYaml_NamesTheLine()
    {
        var error = await SingleErrorAsync("upgrade_id: x\n  bad: [unclosed\n");

        error.Rule.ShouldBe(ManifestRules.Syntax);
        error.Message.ShouldContain("v1.5.0-hotfix.yaml:");
    }

    [Fact]
    public async Task GetAsync_TwoDocuments_IsRejected()
    {
        var error = await SingleErrorAsync(ValidManifest + "\n---\nupgrade_id: other\n");

        error.Rule.ShouldBe(ManifestRules.Syntax);
    }

    [Fact]
    public async Task GetAsync_IdsDisagreeWithLocation_AreRejected()
    {
        Write("other-chain", "v1.5.0-hotfix", ValidManifest);

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().GetAsync("other-chain", "v1.5.0-hotfix", default));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("chain_profile_id", ManifestRules.Value)]);
    }

    [Fact]
    public async Task GetAsync_RelativeConfigPath_IsRejected()
    {
        var error = await SingleErrorAsync(ValidManifest.Replace("path: /etc/celestia/config.toml", "path: etc/config.toml", StringComparison.Ordinal));

        error.Field.ShouldBe("config_changes[0].path");
        error.Rule.ShouldBe(ManifestRules.Value);
    }

    private async Task<UpgradeValidationError> SingleErrorAsync(string text)
    {
        Write("celestia-mocha", "v1.5.0-hotfix", text);
        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().GetAsync("celestia-mocha", "v1.5.0-hotfix", default));
        exception.Errors.Count.ShouldBe(1, string.Join(Environment.NewLine, exception.Errors));
        return exception.Errors[0];
    }

    private FileManifestReader CreateSut() => new(() => _configDirectory, maxManifestBytes: 1024 * 1024);

    private string Write(string chain, string upgrade, string text)
    {
        var directory = Path.Combine(_configDirectory, "upgrades", chain);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, upgrade + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
