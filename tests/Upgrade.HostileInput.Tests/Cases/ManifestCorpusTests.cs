namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Every bad manifest of <c>Corpus/manifests</c>, read by <see cref="FileManifestReader"/> and used by an auto-mode
/// <see cref="RolloutService.CreateAsync"/>: both reject it naming the field and the rule, and nothing changes.
/// </summary>
public sealed class ManifestCorpusTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private static readonly HashSet<string> LoaderRules = new(StringComparer.Ordinal)
    {
        ManifestRules.Syntax, ManifestRules.Size, ManifestRules.UnknownKey, ManifestRules.DuplicateKey, ManifestRules.Type,
        ManifestRules.Required, ManifestRules.Value, ManifestRules.Alias, ManifestRules.Id, ManifestRules.TooManyErrors,
    };

    public static TheoryData<string> Cases => CorpusCase.Names("manifests");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateAsync_BadManifest_IsRejectedNamingFieldAndRuleAndChangesNothing(string name)
    {
        var corpusCase = CorpusCase.Get("manifests", name);
        var world = fixture.World;
        var chain = corpusCase.Sidecar.GetValueOrDefault("chain", "chain-a");
        var path = Path.Combine(world.ControlDirectory, "upgrades", chain, "u-1.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, corpusCase.ReadInput());
        var before = await world.CaptureAsync();

        // Creation rules (rule-N, config-render, manifest) apply to a manifest the loader accepts.
        if (LoaderRules.Contains(corpusCase.Rule))
        {
            var loaded = await Should.ThrowAsync<UpgradeValidationException>(() => world.Manifests.GetAsync(chain, "u-1", CancellationToken.None));
            CorpusAssert.NamesFieldAndRule(loaded, corpusCase);
        }

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => world.Rollouts.CreateAsync(HostileWorld.AutoRequest(chain)));

        CorpusAssert.NamesFieldAndRule(exception, corpusCase);
        (await world.CaptureAsync()).ShouldBe(before);
    }
}
