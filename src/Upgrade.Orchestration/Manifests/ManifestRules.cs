namespace Upgrade.Orchestration;

/// <summary>The rule names of manifest errors (<see cref="UpgradeValidationError.Rule"/>).</summary>
public static class ManifestRules
{
    /// <summary>The file is not valid YAML or not one document.</summary>
    public const string Syntax = "manifest-syntax";

    /// <summary>The file is larger than the configured limit.</summary>
    public const string Size = "manifest-size";

    /// <summary>A key is not part of the manifest schema.</summary>
    public const string UnknownKey = "manifest-unknown-key";

    /// <summary>A key appears twice in one mapping.</summary>
    public const string DuplicateKey = "manifest-duplicate-key";

    /// <summary>A value has the wrong YAML type (mapping, sequence or scalar).</summary>
    public const string Type = "manifest-type";

    /// <summary>A required field is missing or empty.</summary>
    public const string Required = "manifest-required";

    /// <summary>A value is not one of the allowed values, or disagrees with the file location.</summary>
    public const string Value = "manifest-value";

    /// <summary>Anchors, aliases and tags are refused (no alias expansion, no type injection).</summary>
    public const string Alias = "manifest-alias";

    /// <summary>An id used in a path is empty, too long or has characters other than letters, digits, '.', '_' and '-'.</summary>
    public const string Id = "manifest-id";

    /// <summary>
    /// The manifest has more errors than are listed: a parse reports at most the first 100 errors, then this one error
    /// (field <c>$</c>) saying how many more were found.
    /// </summary>
    public const string TooManyErrors = "too-many-errors";
}
