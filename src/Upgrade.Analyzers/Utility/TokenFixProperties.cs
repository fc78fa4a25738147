namespace Upgrade.Analyzers;

/// <summary>The diagnostic properties through which UPG005 tells its code fix what to change.</summary>
internal static class TokenFixProperties
{
    /// <summary>The kind of fix: <see cref="Replace"/> or <see cref="Add"/>.</summary>
    public const string Fix = "Fix";

    /// <summary>Replace the reported expression with the token.</summary>
    public const string Replace = "Replace";

    /// <summary>Add the token as an argument of the reported invocation.</summary>
    public const string Add = "Add";

    /// <summary>The name of the token in scope.</summary>
    public const string TokenName = "TokenName";

    /// <summary>The name of the parameter to pass the token to, when it must be passed by name.</summary>
    public const string ParameterName = "ParameterName";
}
