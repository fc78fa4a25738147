namespace Upgrade.Orchestration;

/// <summary>A chain already has an active rollout (creation rule 5), or an active rollout group.</summary>
public sealed class ActiveRolloutConflictException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="ActiveRolloutConflictException"/> class.</summary>
    public ActiveRolloutConflictException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActiveRolloutConflictException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public ActiveRolloutConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActiveRolloutConflictException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ActiveRolloutConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the chain.</summary>
    public string? ChainProfileId { get; private init; }

    internal static ActiveRolloutConflictException ForChain(string chainProfileId, Exception? innerException, string what = "rollout")
    {
        var message = $"Chain '{chainProfileId}' already has an active {what}.";
        return innerException is null
            ? new ActiveRolloutConflictException(message) { ChainProfileId = chainProfileId }
            : new ActiveRolloutConflictException(message, innerException) { ChainProfileId = chainProfileId };
    }
}
