namespace Upgrade.HostileInput.Tests;

public sealed class CorpusShapeTests
{
    private static readonly string[] Kinds = ["manifests", "requests", "payloads", "groups"];

    [Fact]
    public void Corpus_HasAtLeast200Cases()
    {
        Kinds.Sum(kind => CorpusCase.All(kind).Count).ShouldBeGreaterThanOrEqualTo(200);
    }

    [Theory]
    [InlineData("manifests", 50)]
    [InlineData("requests", 50)]
    [InlineData("payloads", 50)]
    [InlineData("groups", 30)]
    public void Corpus_EachKind_HasCasesWithFieldRuleAndReason(string kind, int minimum)
    {
        var cases = CorpusCase.All(kind);

        cases.Count.ShouldBeGreaterThanOrEqualTo(minimum);
        cases.ShouldAllBe(c => c.Sidecar.ContainsKey("field") && !string.IsNullOrWhiteSpace(c.Rule) && !string.IsNullOrWhiteSpace(c.Sidecar["why"]));
    }

    [Fact]
    public void Corpus_CommittedFiles_AreSmallAndLargeInputsAreGenerated()
    {
        var files = Directory.EnumerateFiles(CorpusCase.CorpusDirectory, "*", SearchOption.AllDirectories).ToList();

        files.ShouldAllBe(f => new FileInfo(f).Length <= CorpusCase.MaxCommittedBytes);
        Kinds.SelectMany(CorpusCase.All).Where(c => c.IsGenerated).ShouldAllBe(c => c.ReadInput().Length > CorpusCase.MaxCommittedBytes);
    }

    [Fact]
    public void Corpus_EveryInputHasASidecar()
    {
        var inputs = Directory.EnumerateFiles(CorpusCase.CorpusDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".expect", StringComparison.Ordinal));

        inputs.ShouldAllBe(f => File.Exists(Path.ChangeExtension(f, ".expect")));
    }
}
