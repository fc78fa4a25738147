namespace Upgrade;

/// <summary>
/// The rule for upgrade ids: 1 to 128 characters from <c>A-Z a-z 0-9 . _ -</c>, not starting with a dot. Ids name
/// backup directories and store files, so nothing else is allowed.
/// </summary>
public static class UpgradeIds
{
    /// <summary>The longest allowed id.</summary>
    public const int MaxLength = 128;

    /// <summary>Tells whether <paramref name="upgradeId"/> follows the rule.</summary>
    /// <param name="upgradeId">The id to check.</param>
    /// <returns><see langword="true"/> when the id is valid.</returns>
    public static bool IsValid(string? upgradeId)
    {
        if (string.IsNullOrEmpty(upgradeId) || upgradeId.Length > MaxLength || upgradeId[0] == '.')
        {
            return false;
        }

        foreach (var c in upgradeId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="upgradeId"/> does not follow the rule.</summary>
    /// <param name="upgradeId">The id to check.</param>
    /// <param name="paramName">The name of the argument, for the exception.</param>
    /// <exception cref="ArgumentException">The id is invalid.</exception>
    public static void ThrowIfInvalid(string? upgradeId, string paramName = "upgradeId")
    {
        if (!IsValid(upgradeId))
        {
            throw new ArgumentException(
                $"The upgrade id '{upgradeId}' is invalid: use 1 to {MaxLength} characters from A-Z a-z 0-9 . _ -, not starting with a dot.",
                paramName);
        }
    }
}
