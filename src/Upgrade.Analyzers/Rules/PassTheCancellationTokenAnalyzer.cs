using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Upgrade.Analyzers;

/// <summary>
/// UPG005: an action passes the <see cref="CancellationToken"/> it received to everything it calls that can take one,
/// because the executor enforces the action's time budget and the upgrade's cancellation only through that token.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PassTheCancellationTokenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Descriptors.UPG005_PassTheCancellationToken];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (UpgradeSymbols.TryCreate(start.Compilation) is not { CancellationToken: not null } symbols)
            {
                return;
            }

            start.RegisterOperationAction(
                operation => AnalyzeInvocation(operation, symbols),
                OperationKind.Invocation);
            start.RegisterOperationAction(
                operation => AnalyzeNoneToken(operation, symbols),
                OperationKind.PropertyReference,
                OperationKind.DefaultValue,
                OperationKind.ObjectCreation);
        });
    }

    /// <summary>Returns the cancellation token parameter that the code of <paramref name="operation"/> can use.</summary>
    internal static IParameterSymbol? FindTokenInScope(IOperation operation, ISymbol containingSymbol, UpgradeSymbols symbols)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            var function = current switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (function is null)
            {
                continue;
            }

            if (LastToken(function, symbols) is { } token)
            {
                return token;
            }

            // A static lambda or local function cannot capture the token of the method around it.
            if (function.IsStatic)
            {
                return null;
            }
        }

        return containingSymbol is IMethodSymbol method ? LastToken(method, symbols) : null;
    }

    private static IParameterSymbol? LastToken(IMethodSymbol method, UpgradeSymbols symbols) =>
        method.Parameters.LastOrDefault(p => symbols.IsCancellationToken(p.Type) && p.Name != "_" && p.RefKind != RefKind.Out);

    private static void AnalyzeNoneToken(OperationAnalysisContext context, UpgradeSymbols symbols)
    {
        var operation = context.Operation;
        var ignoresCancellation = operation switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } property } =>
                symbols.IsCancellationToken(property.ContainingType) && !IsDeclarationOrComparison(operation),
            IDefaultValueOperation { IsImplicit: false } defaultValue =>
                symbols.IsCancellationToken(defaultValue.Type) && !IsDeclarationOrComparison(defaultValue),
            IObjectCreationOperation creation =>
                symbols.IsCancellationToken(creation.Type)
                && creation.Arguments.All(static a => a.Value.ConstantValue is { HasValue: true, Value: false }),
            _ => false,
        };
        if (!ignoresCancellation || symbols.GetContainingAction(context.ContainingSymbol) is null)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[TokenFixProperties.Fix] = TokenFixProperties.Replace;
        if (FindTokenInScope(operation, context.ContainingSymbol, symbols) is { } token)
        {
            properties[TokenFixProperties.TokenName] = token.Name;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG005_PassTheCancellationToken,
            operation.Syntax.GetLocation(),
            properties.ToImmutable(),
            $"'{operation.Syntax}' ignores cancellation"));
    }

    // `CancellationToken cancellationToken = default` declares an optional parameter, and `token == default` or
    // `token != CancellationToken.None` tests one; neither drops a token.
    private static bool IsDeclarationOrComparison(IOperation operation) =>
        operation.Parent is IParameterInitializerOperation
        || operation.Syntax.Parent is EqualsValueClauseSyntax { Parent: ParameterSyntax }
        || operation.Syntax.Parent is BinaryExpressionSyntax binary
            && (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression));

    private static void AnalyzeInvocation(OperationAnalysisContext context, UpgradeSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (symbols.GetContainingAction(context.ContainingSymbol) is not { } action
            || FindTokenInScope(invocation, context.ContainingSymbol, symbols) is not { } token)
        {
            return;
        }

        var target = invocation.TargetMethod;
        var hasNamedArguments = invocation.Arguments.Any(static a => a.Syntax is ArgumentSyntax { NameColon: not null });
        string? problem = null;
        string? parameterName = null;

        var tokenParameter = target.Parameters.FirstOrDefault(p => symbols.IsCancellationToken(p.Type));
        if (tokenParameter is not null)
        {
            var omitted = invocation.Arguments.FirstOrDefault(a =>
                a.ArgumentKind == ArgumentKind.DefaultValue && SymbolEqualityComparer.Default.Equals(a.Parameter, tokenParameter));
            if (omitted is null)
            {
                return;
            }

            problem = $"'{Display(target)}' is called without its CancellationToken";
            var positional = !hasNamedArguments
                && invocation.Arguments.All(a => a.ArgumentKind == ArgumentKind.Explicit
                    ? a.Parameter?.Ordinal < tokenParameter.Ordinal
                    : a.Parameter?.Ordinal >= tokenParameter.Ordinal)
                && invocation.Arguments.Count(static a => a.ArgumentKind == ArgumentKind.Explicit) == tokenParameter.Ordinal;
            parameterName = positional ? null : tokenParameter.Name;
        }
        else if (FindOverloadWithToken(target, action, context.Compilation, symbols) is { } overload)
        {
            problem = $"'{Display(target)}' has an overload that takes a CancellationToken";
            var positional = !hasNamedArguments && invocation.Arguments.All(static a => a.ArgumentKind == ArgumentKind.Explicit);
            parameterName = positional ? null : overload.Parameters[overload.Parameters.Length - 1].Name;
        }

        if (problem is null)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[TokenFixProperties.Fix] = TokenFixProperties.Add;
        properties[TokenFixProperties.TokenName] = token.Name;
        if (parameterName is not null)
        {
            properties[TokenFixProperties.ParameterName] = parameterName;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UPG005_PassTheCancellationToken,
            invocation.Syntax.GetLocation(),
            properties.ToImmutable(),
            problem));
    }

    private static IMethodSymbol? FindOverloadWithToken(
        IMethodSymbol method,
        INamedTypeSymbol within,
        Compilation compilation,
        UpgradeSymbols symbols)
    {
        if (method.Parameters.Any(static p => p.IsParams) || method.ContainingType is null)
        {
            return null;
        }

        var definition = method.OriginalDefinition;
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol candidate
                || candidate.IsStatic != method.IsStatic
                || candidate.IsExtensionMethod != definition.IsExtensionMethod
                || candidate.TypeParameters.Length != definition.TypeParameters.Length
                || candidate.Parameters.Length != definition.Parameters.Length + 1
                || !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)
                || !compilation.IsSymbolAccessibleWithin(candidate, within))
            {
                continue;
            }

            var candidateDefinition = candidate.OriginalDefinition;
            var same = true;
            for (var i = 0; i < definition.Parameters.Length && same; i++)
            {
                var expected = definition.Parameters[i];
                var actual = candidateDefinition.Parameters[i];
                same = expected.RefKind == actual.RefKind
                    && expected.Type.ToDisplayString() == actual.Type.ToDisplayString();
            }

            if (same)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Display(IMethodSymbol method) =>
        method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
}
