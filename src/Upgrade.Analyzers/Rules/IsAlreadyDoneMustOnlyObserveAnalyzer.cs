using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG004: <c>IsAlreadyDoneAsync</c> only observes the node. The executor calls it before every execution and after a
/// crash, so a check that changes the node would perform part of the upgrade, outside its time budget and compensation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IsAlreadyDoneMustOnlyObserveAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> MutatingMembers = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "StartAsync",
        "StopAsync",
        "RestartAsync",
        "AcquireArtifactAsync",
        "DiscardArtifactAsync",
        "InstallArtifactAsync",
        "WriteConfigAsync",
        "ReloadDaemonAsync",
        "BackupStateAsync",
        "RestoreStateAsync");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (UpgradeSymbols.TryCreate(start.Compilation) is not { RuntimeAdapter: { } runtimeAdapter } symbols)
            {
                return;
            }

            var mutating = runtimeAdapter.GetMembers()
                .OfType<IMethodSymbol>()
                .Where(static m => MutatingMembers.Contains(m.Name))
                .ToImmutableArray();
            start.RegisterOperationAction(
                operation => Analyze(operation, symbols, runtimeAdapter, mutating),
                OperationKind.Invocation,
                OperationKind.MethodReference);
        });
    }

    private static void Analyze(
        OperationAnalysisContext context,
        UpgradeSymbols symbols,
        INamedTypeSymbol runtimeAdapter,
        ImmutableArray<IMethodSymbol> mutating)
    {
        var target = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (target is null
            || !symbols.ImplementsActionMember(context.ContainingSymbol, UpgradeSymbols.IsAlreadyDoneMember)
            || !IsMutating(target, runtimeAdapter, mutating))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve,
            context.Operation.Syntax.GetLocation(),
            context.ContainingSymbol.ContainingType.Name,
            target.Name));
    }

    private static bool IsMutating(IMethodSymbol target, INamedTypeSymbol runtimeAdapter, ImmutableArray<IMethodSymbol> mutating)
    {
        target = target.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(target.ContainingType, runtimeAdapter))
        {
            return mutating.Contains(target, SymbolEqualityComparer.Default);
        }

        // A call through a concrete adapter class counts too.
        var type = target.ContainingType;
        if (type is null || !type.AllInterfaces.Contains(runtimeAdapter, SymbolEqualityComparer.Default))
        {
            return false;
        }

        foreach (var member in mutating)
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), target))
            {
                return true;
            }
        }

        return false;
    }
}
