using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG009: no two actions of a compilation share a name, because the executor keys checkpoints and the completed-action
/// list by name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActionNameMustBeUniqueAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG009_ActionNameMustBeUnique];

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

            var names = new ConcurrentBag<NamedAction>();
            start.RegisterSyntaxNodeAction(node => Collect(node, symbols, names), SyntaxKind.PropertyDeclaration);
            start.RegisterCompilationEndAction(end => Report(end, names));
        });
    }

    private static void Collect(SyntaxNodeAnalysisContext context, UpgradeSymbols symbols, ConcurrentBag<NamedAction> names)
    {
        var declaration = (PropertyDeclarationSyntax)context.Node;
        var property = context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken);
        if (property is null || property.IsAbstract || !symbols.ImplementsActionMember(property, UpgradeSymbols.NameMember))
        {
            return;
        }

        // Names that are not constant are UPG001's concern; they cannot be compared here.
        if (PropertyValue.GetReturnedExpression(declaration) is { } returned
            && context.SemanticModel.GetConstantValue(returned, context.CancellationToken) is { HasValue: true, Value: string name })
        {
            names.Add(new NamedAction(name, property.ContainingType, returned.GetLocation()));
        }
    }

    private static void Report(CompilationAnalysisContext context, ConcurrentBag<NamedAction> names)
    {
        foreach (var group in names.GroupBy(static n => n.Name, StringComparer.Ordinal))
        {
            var actions = group.ToList();
            if (actions.Select(static a => a.Type).Distinct(SymbolEqualityComparer.Default).Count() < 2)
            {
                continue;
            }

            foreach (var action in actions)
            {
                var others = actions
                    .Where(other => !SymbolEqualityComparer.Default.Equals(other.Type, action.Type))
                    .Select(static other => "'" + other.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "'")
                    .Distinct(StringComparer.Ordinal)
                    .OrderBy(static other => other, StringComparer.Ordinal);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.UPG009_ActionNameMustBeUnique,
                    action.Location,
                    action.Name,
                    action.Type.Name,
                    string.Join(", ", others)));
            }
        }
    }

    private sealed class NamedAction(string name, INamedTypeSymbol type, Location location)
    {
        public string Name { get; } = name;

        public INamedTypeSymbol Type { get; } = type;

        public Location Location { get; } = location;
    }
}
