namespace Upgrade;

/// <summary>A backup is missing, incomplete, or does not match its manifest; restoring it is refused.</summary>
public sealed class BackupIntegrityException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="BackupIntegrityException"/> class.</summary>
    public BackupIntegrityException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BackupIntegrityException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public BackupIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BackupIntegrityException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public BackupIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
