namespace Upgrade;

/// <summary>The runtime refused or failed an operation (a systemctl call, an engine request).</summary>
public sealed class RuntimeOperationException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="RuntimeOperationException"/> class.</summary>
    public RuntimeOperationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RuntimeOperationException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public RuntimeOperationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RuntimeOperationException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RuntimeOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
