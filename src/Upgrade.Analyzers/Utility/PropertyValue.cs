using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Upgrade.Analyzers;

/// <summary>Finds the single expression a property returns, as written in its declaration.</summary>
internal static class PropertyValue
{
    /// <summary>
    /// Returns the expression that <paramref name="declaration"/> always returns: its expression body, the single
    /// <c>return</c> of its getter, or the initializer of a get-only auto-property. Returns <see langword="null"/> when
    /// the property computes its value in any other way.
    /// </summary>
    public static ExpressionSyntax? GetReturnedExpression(PropertyDeclarationSyntax declaration)
    {
        if (declaration.ExpressionBody is { } expressionBody)
        {
            return expressionBody.Expression;
        }

        var accessors = declaration.AccessorList?.Accessors ?? default;
        AccessorDeclarationSyntax? getter = null;
        foreach (var accessor in accessors)
        {
            if (accessor.Keyword.ValueText == "get")
            {
                getter = accessor;
            }
        }

        if (getter is null)
        {
            return null;
        }

        if (getter.ExpressionBody is { } getterExpression)
        {
            return getterExpression.Expression;
        }

        if (getter.Body is { } body)
        {
            return body.Statements.Count == 1 && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned }
                ? returned
                : null;
        }

        // An auto-property keeps its initializer only when nothing can assign it later.
        var hasSetter = accessors.Count > 1;
        return hasSetter ? null : declaration.Initializer?.Value;
    }

    /// <summary>Where to report a property whose value is not acceptable.</summary>
    public static Location GetReportLocation(PropertyDeclarationSyntax declaration, ExpressionSyntax? returned) =>
        returned?.GetLocation() ?? declaration.Identifier.GetLocation();
}
