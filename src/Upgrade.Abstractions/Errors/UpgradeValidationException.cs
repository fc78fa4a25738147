namespace Upgrade;

/// <summary>Input broke one or more rules. Every violation is listed; nothing was changed.</summary>
public sealed class UpgradeValidationException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="UpgradeValidationException"/> class.</summary>
    public UpgradeValidationException()
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeValidationException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public UpgradeValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeValidationException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UpgradeValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeValidationException"/> class for a list of violations.</summary>
    /// <param name="subject">What was validated, for example <c>upgrade payload</c> or a manifest's file name.</param>
    /// <param name="errors">Every violation found.</param>
    public UpgradeValidationException(string subject, IReadOnlyList<UpgradeValidationError> errors)
        : base(FormatMessage(subject, errors))
    {
        Errors = errors;
    }

    /// <summary>Gets every violation found.</summary>
    public IReadOnlyList<UpgradeValidationError> Errors { get; }

    private static string FormatMessage(string subject, IReadOnlyList<UpgradeValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The {subject} is invalid ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}):"
            + string.Concat(errors.Select(e => Environment.NewLine + "- " + e));
    }
}
