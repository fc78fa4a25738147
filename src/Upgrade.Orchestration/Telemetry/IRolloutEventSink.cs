namespace Upgrade.Orchestration;

/// <summary>Receives rollout notifications, e.g. to publish them on a message bus or to a notification dispatcher.</summary>
/// <remarks>
/// Events are published after the transition they describe is stored. A crash between the two loses the event, so
/// consumers that need the exact state read it from the store. A sink that throws does not stop the rollout.
/// </remarks>
public interface IRolloutEventSink
{
    /// <summary>Publishes an event.</summary>
    /// <param name="rolloutEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>A task that completes when the event is handed over.</returns>
    ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken);
}
