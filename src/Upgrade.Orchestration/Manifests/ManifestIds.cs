namespace Upgrade.Orchestration;

/// <summary>Validates ids that become path segments.</summary>
internal static class ManifestIds
{
    public const int MaxLength = 100;

    public static UpgradeValidationError? Check(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new UpgradeValidationError { Field = field, Rule = ManifestRules.Id, Message = "The id is empty." };
        }

        if (value.Length > MaxLength || value[0] == '.' || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return new UpgradeValidationError
            {
                Field = field,
                Rule = ManifestRules.Id,
                Message = $"The id '{value}' must be 1-{MaxLength} letters, digits, '.', '_' or '-', and not start with '.'.",
            };
        }

        return null;
    }

    public static void Validate(string? value, string field)
    {
        if (Check(value, field) is { } error)
        {
            throw new UpgradeValidationException("manifest id", [error]);
        }
    }
}
