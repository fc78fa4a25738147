namespace Upgrade;

/// <summary>A path lies outside the roots an adapter may write to (by <c>..</c>, a symlink, or an absolute path).</summary>
public sealed class PathNotAllowedException : UpgradeException
{
    /// <summary>Initializes a new instance of the <see cref="PathNotAllowedException"/> class.</summary>
    public PathNotAllowedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PathNotAllowedException"/> class with a message.</summary>
    /// <param name="message">The error message.</param>
    public PathNotAllowedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PathNotAllowedException"/> class with a message and a cause.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public PathNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PathNotAllowedException"/> class for a path.</summary>
    /// <param name="path">The refused path.</param>
    /// <param name="reason">Why it was refused.</param>
    public PathNotAllowedException(string path, string reason)
        : base($"The path '{path}' is not allowed: {reason}")
    {
        Path = path;
    }

    /// <summary>Gets the refused path.</summary>
    public string? Path { get; }
}
