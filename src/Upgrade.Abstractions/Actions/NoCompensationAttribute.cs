namespace Upgrade;

/// <summary>
/// Declares that an <see cref="IUpgradeAction"/> deliberately has nothing to compensate, and says why.
/// </summary>
/// <remarks>
/// Without this attribute an empty <see cref="IUpgradeAction.CompensateAsync"/> is reported by the analyzers, because a
/// forgotten compensation leaves a node half-upgraded.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NoCompensationAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="NoCompensationAttribute"/> class.</summary>
    /// <param name="reason">Why the action has nothing to undo.</param>
    public NoCompensationAttribute(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>Gets why the action has nothing to undo.</summary>
    public string Reason { get; }
}
