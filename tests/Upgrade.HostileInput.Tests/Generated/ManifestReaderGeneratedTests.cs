using Xunit.Abstractions;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// <see cref="FileManifestReader.GetAsync"/> documents one exception, <see cref="UpgradeValidationException"/>: over
/// 10,000 generated files it is the only one that escapes, its errors name a manifest rule, and no read hangs.
/// </summary>
public sealed class ManifestReaderGeneratedTests(ITestOutputHelper output) : IDisposable
{
    private const int Inputs = 10_000;
    private const ulong Seed = 20261129;

    private static readonly HashSet<string> Rules = new(StringComparer.Ordinal)
    {
        ManifestRules.Syntax, ManifestRules.Size, ManifestRules.UnknownKey, ManifestRules.DuplicateKey, ManifestRules.Type,
        ManifestRules.Required, ManifestRules.Value, ManifestRules.Alias, ManifestRules.Id,
    };

    private readonly string _configDirectory = Directory.CreateTempSubdirectory("upgrade-hostile-manifests-").FullName;

    public void Dispose() => Directory.Delete(_configDirectory, recursive: true);

    [Fact]
    public async Task GetAsync_GeneratedFiles_OnlyThrowValidationErrorsNamingAManifestRule()
    {
        var reader = new FileManifestReader(() => _configDirectory, maxManifestBytes: 32 * 1024);
        var path = Path.Combine(_configDirectory, "upgrades", "chain-a", "u-1.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        int accepted = 0, rejected = 0;
        var byRule = new SortedDictionary<string, int>(StringComparer.Ordinal);

        var failures = await GeneratedInputRunner.RunAsync(ManifestInputs.Any, Seed, Inputs, async bytes =>
        {
            await File.WriteAllBytesAsync(path, bytes);
            try
            {
                (await reader.GetAsync("chain-a", "u-1", CancellationToken.None)).ShouldNotBeNull();
                accepted++;
            }
            catch (UpgradeValidationException exception)
            {
                rejected++;
                exception.Errors.ShouldNotBeEmpty();
                foreach (var error in exception.Errors)
                {
                    Rules.ShouldContain(error.Rule);
                    error.Field.ShouldNotBeNull();
                    error.Message.ShouldNotBeNullOrWhiteSpace();
                    byRule[error.Rule] = byRule.GetValueOrDefault(error.Rule) + 1;
                }
            }
        });

        output.WriteLine($"{Inputs} inputs: {accepted} accepted, {rejected} rejected; errors by rule: {string.Join(", ", byRule.Select(p => $"{p.Key}={p.Value}"))}");
        failures.ShouldBeEmpty();
        (accepted + rejected).ShouldBe(Inputs);

        // The generators reach both sides and most rules; a degenerate generator would not.
        accepted.ShouldBeGreaterThan(Inputs / 100);
        rejected.ShouldBeGreaterThan(Inputs / 2);
        byRule.Keys.Count.ShouldBeGreaterThanOrEqualTo(8);
    }
}
