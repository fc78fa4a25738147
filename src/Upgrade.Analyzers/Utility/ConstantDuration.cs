using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// Evaluates the <see cref="System.TimeSpan"/> expressions that are constant in practice: <c>TimeSpan.FromXxx</c> and
/// <c>new TimeSpan(...)</c> with constant arguments, the well-known <c>TimeSpan</c> fields, and <c>static readonly</c>
/// fields initialized with one of those.
/// </summary>
internal static class ConstantDuration
{
    private const int MaxFieldDepth = 8;
    private const double TicksPerMicrosecond = 10;
    private const double TicksPerMillisecond = 10_000;
    private const double TicksPerSecond = 10_000_000;
    private const double TicksPerMinute = 60 * TicksPerSecond;
    private const double TicksPerHour = 60 * TicksPerMinute;
    private const double TicksPerDay = 24 * TicksPerHour;

    /// <summary>Returns the duration in ticks, or <see langword="null"/> when it is not a constant.</summary>
    /// <param name="operation">The expression.</param>
    /// <param name="timeSpan">The <see cref="System.TimeSpan"/> type of the compilation.</param>
    /// <param name="getOperation">Gives the operation of a field initializer declared in source.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    public static double? Evaluate(
        IOperation? operation,
        INamedTypeSymbol timeSpan,
        Func<SyntaxNode, IOperation?> getOperation,
        CancellationToken cancellationToken) =>
        Evaluate(operation, timeSpan, getOperation, 0, cancellationToken);

    private static double? Evaluate(
        IOperation? operation,
        INamedTypeSymbol timeSpan,
        Func<SyntaxNode, IOperation?> getOperation,
        int depth,
        CancellationToken cancellationToken)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                when SymbolEqualityComparer.Default.Equals(method.ContainingType, timeSpan)
                     && method.Name.StartsWith("From", StringComparison.Ordinal):
                return Sum(invocation.Arguments, UnitOf(method.Name.Substring("From".Length)));

            case IObjectCreationOperation creation
                when SymbolEqualityComparer.Default.Equals(creation.Type, timeSpan):
                return creation.Arguments.IsEmpty ? 0 : Sum(creation.Arguments, defaultUnit: null);

            case IDefaultValueOperation defaultValue
                when SymbolEqualityComparer.Default.Equals(defaultValue.Type, timeSpan):
                return 0;

            case IFieldReferenceOperation { Field: { IsStatic: true } field }:
                return EvaluateField(field, timeSpan, getOperation, depth, cancellationToken);

            default:
                return null;
        }
    }

    private static double? EvaluateField(
        IFieldSymbol field,
        INamedTypeSymbol timeSpan,
        Func<SyntaxNode, IOperation?> getOperation,
        int depth,
        CancellationToken cancellationToken)
    {
        if (SymbolEqualityComparer.Default.Equals(field.ContainingType, timeSpan))
        {
            return field.Name switch
            {
                "Zero" => 0,
                "MaxValue" => long.MaxValue,
                "MinValue" => long.MinValue,
                _ => null,
            };
        }

        if (field.ContainingType is { Name: "Timeout", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } }
            && field.Name == "InfiniteTimeSpan")
        {
            return -TicksPerMillisecond;
        }

        if (!field.IsReadOnly || depth >= MaxFieldDepth)
        {
            return null;
        }

        // A static readonly field is constant when nothing but its initializer assigns it: no static constructor.
        if (field.ContainingType.StaticConstructors.Any(static c => !c.IsImplicitlyDeclared))
        {
            return null;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return Evaluate(getOperation(value), timeSpan, getOperation, depth + 1, cancellationToken);
            }
        }

        return null;
    }

    private static double? Sum(ImmutableArray<IArgumentOperation> arguments, double? defaultUnit)
    {
        double ticks = 0;
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true, Value: { } value } || argument.Parameter is not { } parameter)
            {
                return null;
            }

            var unit = UnitOf(parameter.Name) ?? defaultUnit;
            if (unit is null || value is string or bool or char)
            {
                return null;
            }

            ticks += Convert.ToDouble(value, CultureInfo.InvariantCulture) * unit.Value;
        }

        return ticks;
    }

    private static double? UnitOf(string name) => name.ToUpperInvariant() switch
    {
        "DAYS" => TicksPerDay,
        "HOURS" => TicksPerHour,
        "MINUTES" => TicksPerMinute,
        "SECONDS" => TicksPerSecond,
        "MILLISECONDS" => TicksPerMillisecond,
        "MICROSECONDS" => TicksPerMicrosecond,
        "TICKS" => 1,
        _ => null,
    };
}
