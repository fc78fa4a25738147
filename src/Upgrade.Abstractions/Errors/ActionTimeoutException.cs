namespace Upgrade;

/// <summary>An action, a compensation, or the whole upgrade ran past its time budget.</summary>
public sealed class ActionTimeoutException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="ActionTimeoutException"/> class.</summary>
    public ActionTimeoutException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActionTimeoutException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public ActionTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActionTimeoutException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ActionTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActionTimeoutException"/> class for an action.</summary>
    /// <param name="actionName">The action that ran out of time.</param>
    /// <param name="timeout">The budget it had.</param>
    /// <param name="innerException">The cancellation that stopped it.</param>
    public ActionTimeoutException(string actionName, TimeSpan timeout, Exception? innerException)
        : base($"Action '{actionName}' did not finish within its timeout of {timeout}.", innerException ?? new TimeoutException())
    {
        ActionName = actionName;
        Timeout = timeout;
    }

    /// <summary>Gets the action that ran out of time (or <c>upgrade</c> for the whole budget).</summary>
    public string? ActionName { get; }

    /// <summary>Gets the budget that ran out.</summary>
    public TimeSpan Timeout { get; }
}
