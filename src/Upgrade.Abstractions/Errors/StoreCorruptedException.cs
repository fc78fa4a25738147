namespace Upgrade;

/// <summary>A stored record cannot be read: the file or row is corrupt or of an unknown format.</summary>
public sealed class StoreCorruptedException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="StoreCorruptedException"/> class.</summary>
    public StoreCorruptedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreCorruptedException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public StoreCorruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreCorruptedException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public StoreCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
