using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG008: actions read time only from the injected <c>TimeProvider</c>, never from <c>DateTime.Now</c>,
/// <c>DateTimeOffset.UtcNow</c>, <c>Environment.TickCount</c> or a <c>Stopwatch</c>, so that their waits and deadlines
/// can be tested with a fake clock and follow the executor's clock.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotReadTheWallClockAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG008_DoNotReadTheWallClock];

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

            var clocks = new Clocks(
                start.Compilation.GetTypeByMetadataName("System.DateTime"),
                start.Compilation.GetTypeByMetadataName("System.DateTimeOffset"),
                start.Compilation.GetTypeByMetadataName("System.Environment"),
                start.Compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch"));
            start.RegisterOperationAction(
                operation => Analyze(operation, symbols, clocks),
                OperationKind.PropertyReference,
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, UpgradeSymbols symbols, Clocks clocks)
    {
        var clockRead = context.Operation switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: true } property } when clocks.IsClockProperty(property) =>
                property.ContainingType.Name + "." + property.Name,
            IInvocationOperation { TargetMethod: { IsStatic: true } method } when clocks.IsStopwatch(method.ContainingType) =>
                method.ContainingType.Name + "." + method.Name,
            IObjectCreationOperation { Type: var type } when clocks.IsStopwatch(type) => "new Stopwatch()",
            _ => null,
        };
        if (clockRead is null || symbols.GetContainingAction(context.ContainingSymbol) is not { } action)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG008_DoNotReadTheWallClock,
            context.Operation.Syntax.GetLocation(),
            clockRead,
            action.Name));
    }

    private sealed class Clocks(
        INamedTypeSymbol? dateTime,
        INamedTypeSymbol? dateTimeOffset,
        INamedTypeSymbol? environment,
        INamedTypeSymbol? stopwatch)
    {
        public bool IsClockProperty(IPropertySymbol property)
        {
            var type = property.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, dateTime))
            {
                return property.Name is "Now" or "UtcNow" or "Today";
            }

            if (SymbolEqualityComparer.Default.Equals(type, dateTimeOffset))
            {
                return property.Name is "Now" or "UtcNow";
            }

            if (SymbolEqualityComparer.Default.Equals(type, environment))
            {
                return property.Name is "TickCount" or "TickCount64";
            }

            // Stopwatch.Frequency and IsHighResolution describe the timer; they do not read it.
            return IsStopwatch(type) && property.Name is not ("Frequency" or "IsHighResolution");
        }

        public bool IsStopwatch(ITypeSymbol? type) =>
            stopwatch is not null && SymbolEqualityComparer.Default.Equals(type, stopwatch);
    }
}
