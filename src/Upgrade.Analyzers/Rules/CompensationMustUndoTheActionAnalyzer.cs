using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG003: <c>CompensateAsync</c> undoes the action. A body that does nothing or throws
/// <see cref="NotImplementedException"/> is only accepted when the class says why with <c>[NoCompensation("...")]</c>,
/// because a forgotten compensation leaves a node half-upgraded.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CompensationMustUndoTheActionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG003_CompensationMustUndoTheAction];

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

            start.RegisterSyntaxNodeAction(node => Analyze(node, symbols), SyntaxKind.MethodDeclaration);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, UpgradeSymbols symbols)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (declaration.Body is null && declaration.ExpressionBody is null)
        {
            return;
        }

        var method = context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken);
        if (method is null
            || !symbols.ImplementsActionMember(method, UpgradeSymbols.CompensateMember)
            || HasNoCompensation(method.ContainingType, symbols))
        {
            return;
        }

        if (context.SemanticModel.GetOperation(declaration, context.CancellationToken) is not IMethodBodyOperation body
            || (body.BlockBody ?? body.ExpressionBody) is not { } block)
        {
            return;
        }

        foreach (var descendant in block.DescendantsAndSelf())
        {
            if (descendant is IThrowOperation { Exception: { } thrown } && IsNotImplemented(thrown, symbols))
            {
                Report(context, descendant.Syntax.GetLocation(), method, "throws NotImplementedException");
                return;
            }
        }

        if (block.Operations.All(operation => IsNoOp(operation, symbols)))
        {
            Report(context, declaration.Identifier.GetLocation(), method, "does nothing");
        }
    }

    private static bool HasNoCompensation(INamedTypeSymbol type, UpgradeSymbols symbols) =>
        symbols.NoCompensationAttribute is { } attribute
        && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    private static bool IsNotImplemented(IOperation thrown, UpgradeSymbols symbols)
    {
        while (thrown is IConversionOperation conversion)
        {
            thrown = conversion.Operand;
        }

        return symbols.NotImplementedException is { } notImplemented
            && SymbolEqualityComparer.Default.Equals(thrown.Type, notImplemented);
    }

    // The statements an empty compensation is written with: returning a completed task, awaiting one, checking the
    // token.
    private static bool IsNoOp(IOperation operation, UpgradeSymbols symbols) => operation switch
    {
        IEmptyOperation => true,
        IReturnOperation { ReturnedValue: null } => true,
        IReturnOperation { ReturnedValue: { } value } => IsCompletedTask(value, symbols),
        IExpressionStatementOperation { Operation: IAwaitOperation { Operation: { } awaited } } => IsCompletedTask(awaited, symbols),
        IExpressionStatementOperation { Operation: IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested" } } => true,
        _ => false,
    };

    private static bool IsCompletedTask(IOperation value, UpgradeSymbols symbols)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            IDefaultValueOperation => true,
            ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } => true,
            IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } =>
                IsTaskType(property.ContainingType, symbols),
            IObjectCreationOperation { Arguments.IsEmpty: true, Type: var type } => IsTaskType(type, symbols),
            IInvocationOperation { TargetMethod: { Name: "Yield", ContainingType: var type } } => IsTaskType(type, symbols),
            IInvocationOperation { TargetMethod: { Name: "FromCanceled", ContainingType: var type } } => IsTaskType(type, symbols),
            _ => false,
        };
    }

    private static bool IsTaskType(ITypeSymbol? type, UpgradeSymbols symbols) =>
        SymbolEqualityComparer.Default.Equals(type, symbols.Task) || SymbolEqualityComparer.Default.Equals(type, symbols.ValueTask);

    private static void Report(SyntaxNodeAnalysisContext context, Location location, IMethodSymbol method, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG003_CompensationMustUndoTheAction,
            location,
            method.ContainingType.Name,
            problem));
}
