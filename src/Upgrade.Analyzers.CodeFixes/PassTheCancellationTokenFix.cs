using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Upgrade.Analyzers;

/// <summary>Fixes UPG005 by passing the cancellation token in scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassTheCancellationTokenFix))]
[Shared]
public sealed class PassTheCancellationTokenFix : CodeFixProvider
{
    private const string Title = "Pass the cancellation token";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        [Descriptors.UPG005_PassTheCancellationToken.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(TokenFixProperties.TokenName, out var tokenName) || tokenName is null
                || !properties.TryGetValue(TokenFixProperties.Fix, out var fix))
            {
                continue;
            }

            properties.TryGetValue(TokenFixProperties.ParameterName, out var parameterName);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var newRoot = fix switch
            {
                TokenFixProperties.Replace => ReplaceWithToken(root, node, tokenName),
                TokenFixProperties.Add => AddToken(root, node, tokenName, parameterName),
                _ => null,
            };
            if (newRoot is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)),
                    equivalenceKey: Title),
                diagnostic);
        }
    }

    private static SyntaxNode? ReplaceWithToken(SyntaxNode root, SyntaxNode node, string tokenName)
    {
        var expression = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
        if (expression is null)
        {
            return null;
        }

        var replacement = SyntaxFactory.IdentifierName(tokenName).WithTriviaFrom(expression);
        return root.ReplaceNode(expression, replacement);
    }

    private static SyntaxNode? AddToken(SyntaxNode root, SyntaxNode node, string tokenName, string? parameterName)
    {
        var invocation = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null)
        {
            return null;
        }

        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(tokenName));
        if (parameterName is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)));
        }

        return root.ReplaceNode(invocation, invocation.AddArgumentListArguments(argument));
    }
}
