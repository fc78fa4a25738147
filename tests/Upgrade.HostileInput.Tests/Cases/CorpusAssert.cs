namespace Upgrade.HostileInput.Tests;

internal static class CorpusAssert
{
    /// <summary>The error is a validation error that names the sidecar's field and rule, and every error says what is wrong.</summary>
    public static void NamesFieldAndRule(UpgradeValidationException exception, CorpusCase corpusCase)
    {
        exception.Errors.ShouldNotBeEmpty();
        exception.Errors.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Rule) && !string.IsNullOrWhiteSpace(e.Message) && e.Field != null);
        exception.Errors.Select(e => (e.Field, e.Rule)).ShouldContain(
            (corpusCase.Field, corpusCase.Rule),
            $"{corpusCase} ({corpusCase.Sidecar.GetValueOrDefault("why")}) must name {corpusCase.Field} / {corpusCase.Rule}; got:\n{exception.Message}");
        exception.Message.ShouldContain($"({corpusCase.Rule})");
    }
}
