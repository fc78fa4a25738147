using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG007: actions hold no mutable instance state. One action instance serves every upgrade the agent runs, and it is
/// executed again after a crash in a new process, so anything it remembers between calls is wrong or lost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActionsMustBeStatelessAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG007_ActionsMustBeStateless];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (UpgradeSymbols.TryCreate(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => Analyze(symbol, symbols), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, UpgradeSymbols symbols)
    {
        var member = context.Symbol;
        if (member.IsStatic || member.IsImplicitlyDeclared || !symbols.IsAction(member.ContainingType))
        {
            return;
        }

        var mutable = member switch
        {
            IFieldSymbol field => !field.IsReadOnly && !field.IsConst,
            IPropertySymbol property => !property.IsIndexer && property.SetMethod is { IsInitOnly: false },
            _ => false,
        };
        if (!mutable)
        {
            return;
        }

        foreach (var location in member.Locations)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UPG007_ActionsMustBeStateless,
                location,
                member.ContainingType.Name,
                member.Name));
        }
    }
}
