namespace Upgrade.Testing;

/// <summary>The failure thrown by a <see cref="FaultInjectingAction"/>.</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    public InjectedFaultException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
