namespace Upgrade;

/// <summary>An artifact is missing, or its checksum or digest is not the one required.</summary>
public sealed class ArtifactVerificationException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="ArtifactVerificationException"/> class.</summary>
    public ArtifactVerificationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ArtifactVerificationException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public ArtifactVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ArtifactVerificationException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ArtifactVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
