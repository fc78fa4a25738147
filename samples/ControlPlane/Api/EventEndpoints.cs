using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Upgrade.Orchestration;
using Upgrade.Samples.ControlPlane.Events;
using Upgrade.Samples.ControlPlane.Storage;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>Live events as server-sent events (the dashboard reads them through fetch, with its key in a header), and the audit log.</summary>
internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", (RolloutEventBroadcaster events, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(StreamAsync(events, null, json.Value.SerializerOptions, cancellationToken)))
            .WithName("StreamEvents")
            .WithSummary("Every rollout and group event, live (text/event-stream)")
            .WithTags("Events");
        api.MapGet("/rollouts/{id:guid}/events", (Guid id, RolloutEventBroadcaster events, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(StreamAsync(events, id, json.Value.SerializerOptions, cancellationToken)))
            .WithName("StreamRolloutEvents")
            .WithSummary("The events of one rollout, live (text/event-stream)")
            .WithTags("Events");
        api.MapGet("/audit", async (ControlPlaneDatabase database, CancellationToken cancellationToken, int limit = 100) =>
                TypedResults.Ok(await database.ListAuditAsync(Math.Clamp(limit, 1, 1000), cancellationToken)))
            .WithName("ListAuditRecords")
            .WithSummary("The newest audit records (one per mutating call)")
            .WithTags("Audit");
        return api;
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(RolloutEventBroadcaster events, Guid? rolloutId, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first comment-like event flushes the headers, so that the client knows the stream is open.
        yield return new SseItem<string>("{}", "ready");
        await foreach (var e in events.SubscribeAsync(cancellationToken))
        {
            if (rolloutId is { } id && e.RolloutId != id)
            {
                continue;
            }

            yield return new SseItem<string>(JsonSerializer.Serialize(ToWire(e), json), e.Type);
        }
    }

    private static object ToWire(RolloutEvent e) => new Dictionary<string, object?>
    {
        ["type"] = e.Type,
        ["subject"] = e.Subject,
        ["rollout_id"] = e.RolloutId,
        ["group_id"] = e.GroupId,
        ["chain_profile_id"] = e.ChainProfileId,
        ["node_id"] = e.NodeId,
        ["rollout_status"] = e.RolloutStatus,
        ["node_status"] = e.NodeStatus,
        ["upgrade_phase"] = e.Phase,
        ["pause_reason"] = e.PauseReason,
        ["succeeded_nodes"] = e.SucceededNodes,
        ["failed_nodes"] = e.FailedNodes,
        ["total_nodes"] = e.TotalNodes,
        ["message"] = e.Message,
        ["timestamp"] = e.Timestamp,
    };
}
