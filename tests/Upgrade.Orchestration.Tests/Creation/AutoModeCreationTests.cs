using System.Text;
using Microsoft.Extensions.Time.Testing;
using Upgrade.Orchestration.Tests.Manifests;
using Upgrade.Orchestration.Tests.Simulation;

namespace Upgrade.Orchestration.Tests.Creation;

public sealed class AutoModeCreationTests : IDisposable
{
    private readonly string _configDirectory = Path.Combine(Path.GetTempPath(), "upgrade-auto-" + Guid.NewGuid().ToString("N"));
    private readonly InMemoryRolloutStore _store = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StubTemplates _templates = new();
    private readonly StubVariables _variables = new();

    public AutoModeCreationTests()
    {
        var directory = Path.Combine(_configDirectory, "upgrades", "celestia-mocha");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "v1.5.0-hotfix.yaml"), FileManifestReaderTests.ValidManifest);
        _templates.Templates["config.toml.tmpl"] = "moniker = \"{{ moniker }}\"\nmax_peers = {{max_peers}}\n";
        _variables.Variables["moniker"] = "node-a";
        _variables.Variables["max_peers"] = "50";
    }

    public void Dispose() => Directory.Delete(_configDirectory, recursive: true);

    [Fact]
    public async Task CreateAsync_AutoMode_PopulatesFromManifestAndRendersConfig()
    {
        var rollout = await CreateSut().CreateAsync(Auto());

        rollout.UpgradeId.ShouldBe("v1.5.0-hotfix");
        rollout.BinaryName.ShouldBe("celestia-node");
        rollout.TargetVersion.ShouldBe("v0.21.0");
        rollout.TargetBinaryUrl.ShouldBe("https://releases.celestia.org/v0.21.0/celestia-node-linux-amd64");
        rollout.TargetBinaryChecksum.ShouldBe("sha256:" + new string('a', 64));
        rollout.MigrationType.ShouldBe(MigrationType.Compatible);
        rollout.ManifestContentHash.ShouldBe(Sha256Checksum.Compute(Encoding.UTF8.GetBytes(FileManifestReaderTests.ValidManifest)));
        var file = rollout.ConfigFiles.Single();
        file.Path.ShouldBe("/etc/celestia/config.toml");
        Encoding.UTF8.GetString(file.Content.Span).ShouldBe("moniker = \"node-a\"\nmax_peers = 100\n");
        file.Checksum.ShouldBe(Sha256Checksum.Compute(file.Content.Span));
    }

    [Fact]
    public async Task CreateAsync_TemplateUsesUndefinedVariable_NamesItAndStoresNothing()
    {
        _templates.Templates["config.toml.tmpl"] = "a = {{ moniker }}\nb = {{ seeds }}\nc = {{ peers }}\n";

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(Auto()));

        var error = exception.Errors.Single();
        error.Field.ShouldBe("config_changes[0].template");
        error.Rule.ShouldBe(RolloutRules.ConfigRender);
        error.Message.ShouldBe("Template 'config.toml.tmpl' uses undefined variables 'seeds', 'peers'.");
        (await _store.ListAsync(false, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_TemplateMissing_IsAnError()
    {
        _templates.Templates.Clear();

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(Auto()));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("config_changes[0].template", RolloutRules.ConfigRender)]);
    }

    [Fact]
    public async Task CreateAsync_UnknownManifest_IsAnError()
    {
        var request = Auto();
        request.UpgradeId = "v9";

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(request));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("upgrade_id", RolloutRules.Manifest)]);
    }

    [Fact]
    public async Task CreateAsync_ManifestForOtherNodeType_IsAnError()
    {
        var request = Auto();
        request.NodeType = "bridge";

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(request));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("node_type", RolloutRules.Manifest)]);
    }

    [Fact]
    public async Task CreateAsync_ManualFieldsInAutoMode_AreRejected()
    {
        var request = Auto();
        request.TargetVersion = "v0.22.0";
        request.ManifestContentHash = "sha256:" + new string('0', 64);

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(request));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("target_version", RolloutRules.Mode), ("manifest_content_hash", RolloutRules.Mode)], ignoreOrder: true);
    }

    [Fact]
    public async Task CreateAsync_BreakingManifestWithoutRequirements_FailsRule7()
    {
        var path = Path.Combine(_configDirectory, "upgrades", "celestia-mocha", "v1.5.0-hotfix.yaml");
        File.WriteAllText(path, FileManifestReaderTests.ValidManifest.Replace("migration_type: compatible", "migration_type: breaking", StringComparison.Ordinal));

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(Auto()));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe(
            [("recovery_plan", "rule-7"), ("strategy", "rule-7"), ("acknowledge_state_risk", "rule-7")], ignoreOrder: true);
    }

    [Fact]
    public async Task CreateAsync_InvalidManifest_SurfacesItsErrors()
    {
        var path = Path.Combine(_configDirectory, "upgrades", "celestia-mocha", "v1.5.0-hotfix.yaml");
        File.WriteAllText(path, FileManifestReaderTests.ValidManifest + "\nextra: 1\n");

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => CreateSut().CreateAsync(Auto()));

        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldBe([("extra", ManifestRules.UnknownKey)]);
    }

    private RolloutService CreateSut() =>
        Harness.Service(_store, _time, manifests: new FileManifestReader(() => _configDirectory, 1 << 20), templates: _templates, variables: _variables);

    private static RolloutRequest Auto() => new()
    {
        UpgradeId = "v1.5.0-hotfix",
        ChainProfileId = "celestia-mocha",
        NodeType = "full",
        SourceVersion = "v0.20.4",
        RuntimeType = RuntimeTypes.Systemd,
        Strategy = RolloutStrategy.Rolling,
        BatchSize = 2,
    };

    private sealed class StubTemplates : IConfigTemplateSource
    {
        public Dictionary<string, string> Templates { get; } = [];

        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken) =>
            Task.FromResult(Templates.GetValueOrDefault(templateName));
    }

    private sealed class StubVariables : IConfigVariableSource
    {
        public Dictionary<string, string> Variables { get; } = [];

        public Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(Variables);
    }
}
