using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG001: the <c>Name</c> of an action is a compile-time constant snake_case string, so that checkpoints, logs and
/// metrics written by one build of the agent still match the next.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActionNameMustBeConstantSnakeCaseAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG001_ActionNameMustBeConstantSnakeCase];

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

            start.RegisterSyntaxNodeAction(node => Analyze(node, symbols), SyntaxKind.PropertyDeclaration);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, UpgradeSymbols symbols)
    {
        var declaration = (PropertyDeclarationSyntax)context.Node;
        var property = context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken);
        if (property is null || property.IsAbstract || !symbols.ImplementsActionMember(property, UpgradeSymbols.NameMember))
        {
            return;
        }

        var returned = PropertyValue.GetReturnedExpression(declaration);
        var constant = returned is null ? default : context.SemanticModel.GetConstantValue(returned, context.CancellationToken);
        string problem;
        if (constant is { HasValue: true, Value: string name })
        {
            if (SnakeCase.IsSnakeCase(name))
            {
                return;
            }

            problem = $", not \"{name}\"";
        }
        else
        {
            problem = ", not a value computed at run time";
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG001_ActionNameMustBeConstantSnakeCase,
            PropertyValue.GetReportLocation(declaration, returned),
            property.ContainingType.Name,
            problem));
    }
}
