namespace Upgrade.Testing;

/// <summary>
/// Thrown from a conformance scenario to report it as skipped (for example when the real runtime it needs cannot run
/// here). Only <see cref="SkippableFactAttribute"/> and <see cref="SkippableTheoryAttribute"/> tests turn it into a skip.
/// </summary>
public sealed class ConformanceSkipException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConformanceSkipException"/> class.</summary>
    public ConformanceSkipException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConformanceSkipException"/> class with the reason.</summary>
    /// <param name="message">Why the scenario is skipped.</param>
    public ConformanceSkipException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConformanceSkipException"/> class with a reason and a cause.</summary>
    /// <param name="message">Why the scenario is skipped.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ConformanceSkipException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
