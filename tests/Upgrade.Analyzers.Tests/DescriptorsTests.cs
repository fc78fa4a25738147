using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Upgrade.Analyzers.Tests.Verifiers;

namespace Upgrade.Analyzers.Tests;

public sealed class DescriptorsTests
{
    public static TheoryData<string> Ids => new(AllDescriptors().Select(static d => d.Id));

    [Fact]
    public void Descriptors_Ids_AreSequentialAndUnique()
    {
        var ids = AllDescriptors().Select(static d => d.Id).ToList();

        ids.ShouldBe(Enumerable.Range(1, ids.Count).Select(static i => $"UPG{i:000}").ToList());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HelpLink_PointsToItsDocumentPage(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);

        descriptor.HelpLinkUri.ShouldBe($"https://github.com/upgrade-sdk/upgrade-sdk/blob/main/docs/analyzers/{id}.md");
        descriptor.Category.ShouldBe("UpgradeActions");
        descriptor.IsEnabledByDefault.ShouldBeTrue();
        File.Exists(Path.Combine(RepositoryRoot(), "docs", "analyzers", id + ".md")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "analyzers", "README.md")).ShouldContain($"[{id}]({id}.md)");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsTrackedInTheUnshippedRelease_WithItsSeverity(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Upgrade.Analyzers", "AnalyzerReleases.Unshipped.md"));

        releases.ShouldMatch($@"(?m)^{id} \| UpgradeActions \| {descriptor.DefaultSeverity} \|");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsReportedByExactlyOneAnalyzer(string id)
    {
        AllAnalyzersVerifier.Analyzers
            .Count(a => a.SupportedDiagnostics.Any(d => d.Id == id))
            .ShouldBe(1);
    }

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(Descriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(static d => d.Id, StringComparer.Ordinal);

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
