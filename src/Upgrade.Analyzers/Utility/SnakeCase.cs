namespace Upgrade.Analyzers;

/// <summary>The snake_case form of action names: lower-case words of letters and digits joined by single underscores.</summary>
internal static class SnakeCase
{
    /// <summary>Tells whether <paramref name="value"/> is snake_case, such as <c>install_artifact</c>.</summary>
    public static bool IsSnakeCase(string value)
    {
        if (value.Length == 0 || value[0] is < 'a' or > 'z' || value[value.Length - 1] == '_')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '_' && value[i - 1] != '_');
            if (!valid)
            {
                return false;
            }
        }

        return true;
    }
}
