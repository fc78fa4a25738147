namespace Upgrade;

/// <summary>The base of every exception the Upgrade SDK throws on purpose.</summary>
public abstract class UpgradeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UpgradeException"/> class.</summary>
    protected UpgradeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    protected UpgradeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UpgradeException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    protected UpgradeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Tells whether an exception means that an operation was cancelled.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for <see cref="OperationCanceledException"/>, also when wrapped.</returns>
    public static bool IsCancellation(Exception? exception) => exception switch
    {
        null => false,
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsCancellation),
        _ => exception.InnerException is not null && IsCancellation(exception.InnerException),
    };
}
