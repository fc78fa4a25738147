using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG006: actions never block a thread on asynchronous work (<c>.Result</c>, <c>.Wait()</c>,
/// <c>GetAwaiter().GetResult()</c>, <c>Thread.Sleep</c>). A blocked action cannot observe its cancellation token, so the
/// executor's time budget stops working, and it starves the agent's thread pool.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotBlockInActionsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG006_DoNotBlockInActions];

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

            var thread = start.Compilation.GetTypeByMetadataName("System.Threading.Thread");
            start.RegisterOperationAction(
                operation => Analyze(operation, symbols, thread),
                OperationKind.Invocation,
                OperationKind.PropertyReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, UpgradeSymbols symbols, INamedTypeSymbol? thread)
    {
        var blockingMember = context.Operation switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: false, Name: "Result" } property }
                when IsTask(property.ContainingType, symbols) => property,
            IInvocationOperation { TargetMethod: { Name: "Wait" or "WaitAll" or "WaitAny" } method }
                when IsTask(method.ContainingType, symbols) => method,
            IInvocationOperation { TargetMethod: { Name: "Sleep", IsStatic: true } method }
                when thread is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, thread) => method,
            IInvocationOperation { TargetMethod: { Name: "GetResult", IsStatic: false } method }
                when IsAwaiter(method.ContainingType) => method,
            _ => (ISymbol?)null,
        };
        if (blockingMember is null || symbols.GetContainingAction(context.ContainingSymbol) is not { } action)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG006_DoNotBlockInActions,
            context.Operation.Syntax.GetLocation(),
            blockingMember.ContainingType.Name + "." + blockingMember.Name,
            action.Name));
    }

    private static bool IsTask(INamedTypeSymbol? type, UpgradeSymbols symbols)
    {
        var definition = type?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(definition, symbols.Task)
            || SymbolEqualityComparer.Default.Equals(definition, symbols.TaskOfT)
            || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTaskOfT);
    }

    // TaskAwaiter, ValueTaskAwaiter, ConfiguredTaskAwaitable.ConfiguredTaskAwaiter and their generic forms.
    private static bool IsAwaiter(INamedTypeSymbol? type)
    {
        var outermost = type;
        while (outermost?.ContainingType is not null)
        {
            outermost = outermost.ContainingType;
        }

        return type is not null
            && type.Name.EndsWith("Awaiter", StringComparison.Ordinal)
            && outermost?.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices";
    }
}
