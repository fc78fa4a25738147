using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Upgrade.Analyzers.Tests.Verifiers;

/// <summary>Runs every analyzer the package ships over test sources together.</summary>
internal static class AllAnalyzersVerifier
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        typeof(Descriptors).Assembly.GetTypes()
            .Where(static t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(static t => t.FullName, StringComparer.Ordinal)
            .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static async Task VerifyAnalyzersAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = TestEnvironment.Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private sealed class Test : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestEnvironment.Net10;
            TestEnvironment.Configure(TestState);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;
    }
}
