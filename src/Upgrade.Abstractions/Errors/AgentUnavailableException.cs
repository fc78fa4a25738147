namespace Upgrade;

/// <summary>A node agent could not be reached, or the connection was lost. The outcome of what was sent is unknown, not failed.</summary>
public sealed class AgentUnavailableException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="AgentUnavailableException"/> class.</summary>
    public AgentUnavailableException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentUnavailableException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public AgentUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentUnavailableException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public AgentUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
