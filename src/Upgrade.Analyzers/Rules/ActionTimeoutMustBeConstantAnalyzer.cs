using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG002: the <c>Timeout</c> of an action is a constant, positive duration, so that the time budget of a step is known
/// when the upgrade is planned and never zero or infinite.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActionTimeoutMustBeConstantAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG002_ActionTimeoutMustBeConstantPositive];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (UpgradeSymbols.TryCreate(start.Compilation) is not { TimeSpan: { } timeSpan } symbols)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(node => Analyze(node, symbols, timeSpan), SyntaxKind.PropertyDeclaration);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, UpgradeSymbols symbols, INamedTypeSymbol timeSpan)
    {
        var declaration = (PropertyDeclarationSyntax)context.Node;
        var model = context.SemanticModel;
        var property = model.GetDeclaredSymbol(declaration, context.CancellationToken);
        if (property is null || property.IsAbstract || !symbols.ImplementsActionMember(property, UpgradeSymbols.TimeoutMember))
        {
            return;
        }

        var returned = PropertyValue.GetReturnedExpression(declaration);
        var ticks = returned is null
            ? null
            : ConstantDuration.Evaluate(
                model.GetOperation(returned, context.CancellationToken),
                timeSpan,
                node => GetOperation(model, node, context.CancellationToken),
                context.CancellationToken);
        if (ticks > 0)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG002_ActionTimeoutMustBeConstantPositive,
            PropertyValue.GetReportLocation(declaration, returned),
            property.ContainingType.Name,
            ticks is null ? ", not a value computed at run time" : ", not zero or a negative duration"));
    }

    private static IOperation? GetOperation(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node.SyntaxTree == model.SyntaxTree)
        {
            return model.GetOperation(node, cancellationToken);
        }

        // Only reached for a static readonly field declared in another file, such as a shared constants class; the
        // compiler caches the model it hands out while analyzers run.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        return model.Compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node, cancellationToken);
#pragma warning restore RS1030
    }
}
