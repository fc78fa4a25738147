namespace Upgrade.Samples.ControlPlane.Telemetry;

/// <summary>The host's log messages. None carries a credential: keys and tokens never reach a logger.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "EventSubscriberLagging", Level = LogLevel.Warning, Message = "An event stream subscriber fell behind; its oldest events were dropped.")]
    public static partial void EventSubscriberLagging(this ILogger logger);

    [LoggerMessage(EventId = 2, EventName = "DemoFleetStarted", Level = LogLevel.Information, Message = "Demo fleet of {Nodes} nodes started on chain {ChainProfileId}; upgrade id {UpgradeId} takes them from v1 to v2.")]
    public static partial void DemoFleetStarted(this ILogger logger, int nodes, string chainProfileId, string upgradeId);

    [LoggerMessage(EventId = 3, EventName = "MutationAudited", Level = LogLevel.Information, Message = "{Actor} {Action} {Target}: {Outcome} ({StatusCode}), request {RequestId}.")]
    public static partial void MutationAudited(this ILogger logger, string actor, string action, string target, string outcome, int statusCode, string requestId);

    [LoggerMessage(EventId = 4, EventName = "AdminKeyLoaded", Level = LogLevel.Information, Message = "Admin API key loaded from its stored hash.")]
    public static partial void AdminKeyLoaded(this ILogger logger);
}
