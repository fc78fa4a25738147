namespace Upgrade.Orchestration;

/// <summary>A rollout was written by someone else since it was read: another engine advances it.</summary>
public sealed class ConcurrencyException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="ConcurrencyException"/> class.</summary>
    public ConcurrencyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConcurrencyException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public ConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConcurrencyException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConcurrencyException"/> class for a lost race.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="expectedVersion">The version the writer read.</param>
    /// <param name="actualVersion">The stored version.</param>
    public ConcurrencyException(Guid rolloutId, long expectedVersion, long actualVersion)
        : base($"Rollout {rolloutId} is at version {actualVersion}, not {expectedVersion}: another writer advanced it.")
    {
        RolloutId = rolloutId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the rollout.</summary>
    public Guid RolloutId { get; }

    /// <summary>Gets the version the writer read.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the stored version.</summary>
    public long ActualVersion { get; }
}
