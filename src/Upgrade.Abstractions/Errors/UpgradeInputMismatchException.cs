namespace Upgrade;

/// <summary>
/// An upgrade id arrived again with other inputs (another checksum, URL or config). Like an idempotency key reused with
/// other parameters, it is refused and nothing is changed.
/// </summary>
public sealed class UpgradeInputMismatchException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="UpgradeInputMismatchException"/> class.</summary>
    public UpgradeInputMismatchException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeInputMismatchException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public UpgradeInputMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeInputMismatchException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public UpgradeInputMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeInputMismatchException"/> class for a field.</summary>
    /// <param name="upgradeId">The reused upgrade id.</param>
    /// <param name="field">The first input that differs, or <see langword="null"/> when the earlier inputs are unknown.</param>
    public UpgradeInputMismatchException(string upgradeId, string? field)
        : base(field is null
            ? $"Upgrade '{upgradeId}' was already run with other inputs; use a new upgrade id for new inputs."
            : $"Upgrade '{upgradeId}' was already run with another '{field}'; use a new upgrade id for new inputs.")
    {
        UpgradeId = upgradeId;
        Field = field;
    }

    /// <summary>Gets the reused upgrade id.</summary>
    public string? UpgradeId { get; }

    /// <summary>Gets the first input that differs, when known.</summary>
    public string? Field { get; }
}
