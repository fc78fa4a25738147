namespace Upgrade.Orchestration;

/// <summary>An event sink that drops every event.</summary>
public sealed class NullRolloutEventSink : IRolloutEventSink
{
    private NullRolloutEventSink()
    {
    }

    /// <summary>Gets the instance.</summary>
    public static NullRolloutEventSink Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask PublishAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
