namespace Upgrade;

/// <summary>An error kept in an outcome or a checkpoint: serializable, without the exception object.</summary>
public sealed record UpgradeError
{
    /// <summary>Gets the type of the exception, for example <c>Upgrade.ActionTimeoutException</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the error message.</summary>
    public required string Message { get; init; }

    /// <summary>Captures an exception.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The error.</returns>
    public static UpgradeError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new UpgradeError { Type = exception.GetType().FullName ?? exception.GetType().Name, Message = exception.Message };
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Type}: {Message}";
}
