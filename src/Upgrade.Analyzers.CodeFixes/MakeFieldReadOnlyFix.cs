using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Upgrade.Analyzers;

/// <summary>Fixes UPG007 on a field by making it <see langword="readonly"/>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeFieldReadOnlyFix))]
[Shared]
public sealed class MakeFieldReadOnlyFix : CodeFixProvider
{
    private const string Title = "Make the field readonly";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        [Descriptors.UPG007_ActionsMustBeStateless.Id];

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
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent?.FirstAncestorOrSelf<FieldDeclarationSyntax>() is not { } field
                || field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(field, MakeReadOnly(field)))),
                    equivalenceKey: Title),
                diagnostic);
        }
    }

    private static FieldDeclarationSyntax MakeReadOnly(FieldDeclarationSyntax field)
    {
        var readOnly = SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword).WithTrailingTrivia(SyntaxFactory.Space);

        // readonly goes after the access and static/new modifiers, before volatile, as the IDE places it.
        var index = 0;
        while (index < field.Modifiers.Count
               && field.Modifiers[index].Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword
                   or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword or SyntaxKind.NewKeyword
                   or SyntaxKind.StaticKeyword)
        {
            index++;
        }

        if (index == 0)
        {
            // The declaration's leading trivia (indentation, comments) moves to the new first token.
            var leading = field.GetLeadingTrivia();
            field = field.WithoutLeadingTrivia();
            return field.WithModifiers(field.Modifiers.Insert(0, readOnly.WithLeadingTrivia(leading)));
        }

        return field.WithModifiers(field.Modifiers.Insert(index, readOnly));
    }
}
