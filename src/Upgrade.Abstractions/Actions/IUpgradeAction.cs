namespace Upgrade;

/// <summary>
/// One step of an in-place upgrade. An action says <em>what</em> happens; the <see cref="IRuntimeAdapter"/> it is given
/// says <em>how</em> for a particular runtime.
/// </summary>
/// <remarks>
/// The executor relies on this contract:
/// <list type="bullet">
/// <item><description><see cref="ExecuteAsync"/> may be run again after a crash, so it must be safe to repeat.</description></item>
/// <item><description><see cref="IsAlreadyDoneAsync"/> only observes the node; it never changes it.</description></item>
/// <item><description><see cref="CompensateAsync"/> undoes the action, is safe to run twice, and is safe to run when
/// <see cref="ExecuteAsync"/> did nothing or only part of its work.</description></item>
/// <item><description>The action honours the cancellation token it is given and holds no mutable state.</description></item>
/// </list>
/// The Upgrade.Analyzers rules shipped with this package check most of it at compile time.
/// </remarks>
public interface IUpgradeAction
{
    /// <summary>Gets the constant snake_case name of the action, for example <c>install_artifact</c>.</summary>
    string Name { get; }

    /// <summary>Gets the time budget of one execution or compensation of the action.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Performs the action.</summary>
    /// <param name="runtime">The runtime adapter of the node being upgraded.</param>
    /// <param name="parameters">The parameters of the upgrade.</param>
    /// <param name="cancellationToken">Signalled when the action's time budget runs out or the upgrade is cancelled.</param>
    /// <returns>A task that completes when the action has been performed.</returns>
    Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken);

    /// <summary>Checks the actual state of the node to tell whether the action's effect is already in place.</summary>
    /// <param name="runtime">The runtime adapter of the node being upgraded.</param>
    /// <param name="parameters">The parameters of the upgrade.</param>
    /// <param name="cancellationToken">Signalled when the action's time budget runs out or the upgrade is cancelled.</param>
    /// <returns><see langword="true"/> when executing the action would change nothing.</returns>
    ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken);

    /// <summary>Undoes the effect of the action, fully or partly performed.</summary>
    /// <param name="runtime">The runtime adapter of the node being upgraded.</param>
    /// <param name="parameters">The parameters of the upgrade.</param>
    /// <param name="cancellationToken">Signalled when the compensation's time budget runs out.</param>
    /// <returns>A task that completes when the node no longer carries the action's effect.</returns>
    Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken);
}
