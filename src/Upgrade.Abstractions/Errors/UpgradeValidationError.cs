namespace Upgrade;

/// <summary>One broken rule: which field, which rule, and what is wrong.</summary>
public sealed record UpgradeValidationError
{
    /// <summary>Gets the field, as a path in the input (for example <c>config_files[1].path</c>).</summary>
    public required string Field { get; init; }

    /// <summary>Gets the identifier of the rule (for example <c>checksum-required</c> or <c>rule-3</c>).</summary>
    public required string Rule { get; init; }

    /// <summary>Gets a message that says what is wrong and what is expected.</summary>
    public required string Message { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message} ({Rule})";
}
