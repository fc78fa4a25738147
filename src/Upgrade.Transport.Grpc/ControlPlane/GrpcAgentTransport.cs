using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// The control-plane side of the gRPC transport: an <see cref="IAgentTransport"/> over the streams that node agents
/// open to the agent hub (<c>MapUpgradeAgentHub</c>). Nodes need no inbound port.
/// </summary>
/// <remarks>
/// <para>Delivery is at least once. A lost stream makes an upgrade's outcome unknown, never failed: the upgrade waits up
/// to <see cref="AgentHubOptions.ReconnectTimeout"/> for its agent to reconnect. The agent then re-announces what it has
/// running and what ended; an upgrade it does not know is delivered again (the agent runs each upgrade id once, and
/// returns the stored outcome of an ended one).</para>
/// <para>Every report is attributed to the node whose credential opened the stream; a report naming another node
/// closes the stream.</para>
/// <para>Agents report the release their node runs (<see cref="TryGetReportedRelease"/>) when they connect and with
/// every outcome.</para>
/// </remarks>
public sealed partial class GrpcAgentTransport : IAgentTransport
{
    private readonly AgentHubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AgentConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _connectWaiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string NodeId, string UpgradeId), PendingUpgrade> _pending = new();
    private readonly ConcurrentDictionary<string, PendingQuery> _queries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReportedRelease> _releases = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="GrpcAgentTransport"/> class.</summary>
    /// <param name="options">The hub's options.</param>
    /// <param name="timeProvider">The source of time; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every violation.</exception>
    public GrpcAgentTransport(AgentHubOptions options, TimeProvider? timeProvider = null, ILogger<GrpcAgentTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The agent hub options are invalid: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the ids of the nodes whose agents are connected now.</summary>
    public IReadOnlyCollection<string> ConnectedNodes => [.. _connections.Keys];

    /// <summary>Gets the release a node's agent last reported that it runs.</summary>
    /// <remarks>
    /// Agents report their release in the first message of each stream and with every outcome; a release is taken only
    /// from the stream authenticated as that node, and only when it is well formed (an ill-formed one is logged and
    /// ignored). Reports are kept in memory: after a restart of the control plane a node has none until its agent
    /// reconnects. A node also has none before its first successful upgrade through an agent, or when its agent does
    /// not report releases; use the configured release then.
    /// </remarks>
    /// <param name="nodeId">The node's id.</param>
    /// <param name="release">The release when the node reported one.</param>
    /// <returns><see langword="true"/> when the node reported a release.</returns>
    public bool TryGetReportedRelease(string nodeId, [NotNullWhen(true)] out ReportedRelease? release)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return _releases.TryGetValue(nodeId, out release);
    }

    /// <inheritdoc/>
    public async Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(observer);
        UpgradeIds.ThrowIfInvalid(payload.UpgradeId, nameof(payload));

        var key = (nodeId, payload.UpgradeId);
        var pending = _pending.GetOrAdd(key, _ => new PendingUpgrade(payload, observer));
        pending.Observer = observer;
        try
        {
            var connection = await WaitForConnectionAsync(nodeId, cancellationToken).ConfigureAwait(false);
            Deliver(connection, pending, redelivery: false);
        }
        catch (AgentUnavailableException) when (!pending.WasDelivered)
        {
            _pending.TryRemove(new KeyValuePair<(string, string), PendingUpgrade>(key, pending));
            throw;
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        UpgradeIds.ThrowIfInvalid(upgradeId);
        var connection = await WaitForConnectionAsync(nodeId, cancellationToken).ConfigureAwait(false);
        var query = new PendingQuery(nodeId, connection);
        var requestId = Guid.NewGuid().ToString("N");
        _queries[requestId] = query;
        try
        {
            if (!connection.Outbox.Writer.TryWrite(new ControlMessage { OutcomeQuery = new OutcomeQuery { RequestId = requestId, UpgradeId = upgradeId } }))
            {
                throw Unavailable(nodeId, "its stream closed before the outcome query was sent");
            }

            return await query.Completion.Task.WaitAsync(_options.QueryTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new AgentUnavailableException($"Node '{nodeId}' did not answer the outcome query for upgrade '{upgradeId}' within {_options.QueryTimeout}.", exception);
        }
        finally
        {
            _queries.TryRemove(requestId, out _);
        }
    }

    /// <summary>Serves one agent stream whose credential was verified, until it ends.</summary>
    internal async Task RunConnectionAsync(string nodeId, IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<ControlMessage> responses, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false) || requests.Current.BodyCase != AgentMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message of a stream must be a hello."));
        }

        var hello = requests.Current.Hello;
        EnsureOwnNode(nodeId, requests.Current);

        // Before the node counts as connected: whoever sees it connected sees the release it runs.
        RecordRelease(nodeId, hello.CurrentRelease);

        using var connection = new AgentConnection(nodeId, cancellationToken);
        var writer = WriteLoopAsync(connection, responses);
        Exception? error = null;
        try
        {
            if (_connections.TryGetValue(nodeId, out var previous))
            {
                // The agent reconnected before the old stream noticed it was dead; the newest stream wins.
                previous.Close();
            }

            _connections[nodeId] = connection;
            if (_connectWaiters.TryRemove(nodeId, out var waiter))
            {
                waiter.TrySetResult();
            }

            _logger.AgentConnected(nodeId, hello.InProgress.Count, hello.Ended.Count);
            await OnHelloAsync(connection, hello).ConfigureAwait(false);

            while (await requests.MoveNext(connection.Token).ConfigureAwait(false))
            {
                var message = requests.Current;
                EnsureOwnNode(nodeId, message);
                await DispatchAsync(connection, message).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not RpcException { StatusCode: StatusCode.PermissionDenied or StatusCode.InvalidArgument })
        {
            // A broken or replaced stream is an ordinary end: the agent reconnects.
            error = exception;
        }
        finally
        {
            connection.Close();
            _connections.TryRemove(new KeyValuePair<string, AgentConnection>(nodeId, connection));
            OnConnectionLost(connection, error);
            await writer.ConfigureAwait(false);
        }
    }

    private static async Task WriteLoopAsync(AgentConnection connection, IServerStreamWriter<ControlMessage> responses)
    {
        try
        {
            await foreach (var message in connection.Outbox.Reader.ReadAllAsync(connection.Token).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException or RpcException)
        {
            connection.Close();
        }
    }

    private void EnsureOwnNode(string nodeId, AgentMessage message)
    {
        var claimed = WireMapping.NodeIdOf(message);
        if (!string.Equals(claimed, nodeId, StringComparison.Ordinal))
        {
            _logger.ReportForOtherNode(nodeId, claimed ?? "(none)");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The credential of node '{nodeId}' cannot report for node '{claimed}'."));
        }
    }

    private async Task OnHelloAsync(AgentConnection connection, Hello hello)
    {
        var ended = new Dictionary<string, UpgradeEnded>(StringComparer.Ordinal);
        foreach (var item in hello.Ended)
        {
            EnsureOwnNode(connection.NodeId, new AgentMessage { Ended = item });
            ended[item.UpgradeId] = item;
        }

        var running = new HashSet<string>(hello.InProgress, StringComparer.Ordinal);
        foreach (var item in ended.Values)
        {
            await OnEndedAsync(connection, item).ConfigureAwait(false);
        }

        foreach (var ((nodeId, upgradeId), pending) in _pending)
        {
            if (nodeId != connection.NodeId || ended.ContainsKey(upgradeId))
            {
                continue;
            }

            if (running.Contains(upgradeId))
            {
                pending.Attach(connection);
            }
            else if (pending.WasDelivered)
            {
                // The agent does not know this upgrade (it crashed before journaling it): deliver it again.
                Deliver(connection, pending, redelivery: true);
            }
        }
    }

    private Task DispatchAsync(AgentConnection connection, AgentMessage message)
    {
        switch (message.BodyCase)
        {
            case AgentMessage.BodyOneofCase.PhaseChanged:
                return NotifyAsync(connection.NodeId, message.PhaseChanged.UpgradeId, (o, t) => o.OnPhaseChangedAsync(WireMapping.FromWire(message.PhaseChanged), t));
            case AgentMessage.BodyOneofCase.Heartbeat:
                return NotifyAsync(connection.NodeId, message.Heartbeat.UpgradeId, (o, t) => o.OnHeartbeatAsync(WireMapping.FromWire(message.Heartbeat), t));
            case AgentMessage.BodyOneofCase.Ended:
                return OnEndedAsync(connection, message.Ended);
            case AgentMessage.BodyOneofCase.Refused:
                OnRefused(connection.NodeId, message.Refused);
                return Task.CompletedTask;
            case AgentMessage.BodyOneofCase.OutcomeAnswer:
                OnOutcomeAnswer(connection.NodeId, message.OutcomeAnswer);
                return Task.CompletedTask;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unexpected message {message.BodyCase} on an established stream."));
        }
    }

    private async Task NotifyAsync(string nodeId, string upgradeId, Func<IUpgradeProgressObserver, CancellationToken, ValueTask> notify)
    {
        if (!_pending.TryGetValue((nodeId, upgradeId), out var pending))
        {
            return;
        }

        try
        {
            await notify(pending.Observer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An observer never fails an upgrade, as in the executor.
            _logger.ObserverFailed(nodeId, upgradeId, exception);
        }
    }

    private Task OnEndedAsync(AgentConnection connection, UpgradeEnded ended)
    {
        UpgradeOutcome outcome;
        try
        {
            outcome = WireMapping.DeserializeOutcome(ended.OutcomeJson) with { IsReplay = ended.IsReplay };
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or NotSupportedException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"outcome_json: the outcome of upgrade '{ended.UpgradeId}' cannot be read: {exception.Message}"));
        }

        // Before the outcome is handed over: whoever acts on it (the next rollout) sees the release it left.
        RecordRelease(connection.NodeId, ended.CurrentRelease);
        if (_pending.TryRemove((connection.NodeId, ended.UpgradeId), out var pending))
        {
            pending.Completion.TrySetResult(outcome);
        }

        connection.Outbox.Writer.TryWrite(new ControlMessage { EndedAck = new EndedAck { UpgradeId = ended.UpgradeId } });
        return Task.CompletedTask;
    }

    /// <summary>Records a release reported on the stream authenticated as <paramref name="nodeId"/>.</summary>
    private void RecordRelease(string nodeId, Release? wire)
    {
        if (wire is null)
        {
            return;
        }

        if (ReportedRelease.FromWire(wire, out var error) is not { } release)
        {
            _logger.ReleaseReportIgnored(nodeId, error!);
            return;
        }

        if (!_releases.TryGetValue(nodeId, out var previous) || previous != release)
        {
            _releases[nodeId] = release;
            _logger.ReleaseReported(nodeId, release.Version);
        }
    }

    private void OnRefused(string nodeId, UpgradeRefused refused)
    {
        if (_pending.TryRemove((nodeId, refused.UpgradeId), out var pending))
        {
            pending.Completion.TrySetException(refused.Reason == "input_mismatch"
                ? new UpgradeInputMismatchException(refused.Message)
                : new UpgradeValidationException(refused.Message));
        }
    }

    private void OnOutcomeAnswer(string nodeId, OutcomeAnswer answer)
    {
        // A query is answered only by the node it was sent to.
        if (_queries.TryGetValue(answer.RequestId, out var query) && query.NodeId == nodeId)
        {
            try
            {
                query.Completion.TrySetResult(answer.Found ? WireMapping.DeserializeOutcome(answer.OutcomeJson) : null);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or NotSupportedException)
            {
                query.Completion.TrySetException(new AgentUnavailableException($"Node '{nodeId}' answered with an unreadable outcome.", exception));
            }
        }
    }

    private void OnConnectionLost(AgentConnection connection, Exception? error)
    {
        foreach (var query in _queries.Values.Where(q => ReferenceEquals(q.Connection, connection)))
        {
            query.Completion.TrySetException(Unavailable(connection.NodeId, "its stream was lost before it answered"));
        }

        var waiting = _pending.Where(p => p.Key.NodeId == connection.NodeId && p.Value.IsAttachedTo(connection)).ToList();
        _logger.AgentDisconnected(connection.NodeId, waiting.Count, error);
        foreach (var (key, pending) in waiting)
        {
            _ = ExpireUnlessReconnectedAsync(key, pending, connection);
        }
    }

    private async Task ExpireUnlessReconnectedAsync((string NodeId, string UpgradeId) key, PendingUpgrade pending, AgentConnection lost)
    {
        try
        {
            await Task.WhenAny(pending.Completion.Task, Task.Delay(_options.ReconnectTimeout, _time)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!pending.Completion.Task.IsCompleted && pending.IsAttachedTo(lost)
            && _pending.TryRemove(new KeyValuePair<(string, string), PendingUpgrade>(key, pending)))
        {
            _logger.ReconnectExpired(key.NodeId, key.UpgradeId, _options.ReconnectTimeout);
            pending.Completion.TrySetException(new AgentUnavailableException(
                $"The stream to node '{key.NodeId}' was lost during upgrade '{key.UpgradeId}' and the agent did not reconnect within {_options.ReconnectTimeout}; the outcome is unknown, not failed."));
        }
    }

    private void Deliver(AgentConnection connection, PendingUpgrade pending, bool redelivery)
    {
        if (!pending.TryAttachForDelivery(connection))
        {
            return;
        }

        if (!connection.Outbox.Writer.TryWrite(new ControlMessage { Upgrade = new UpgradeCommand { Payload = WireMapping.ToWire(pending.Payload) } }))
        {
            // The stream closed meanwhile; its loss handling or the next hello delivers again.
            return;
        }

        if (redelivery)
        {
            _logger.UpgradeRedelivered(connection.NodeId, pending.Payload.UpgradeId);
        }
    }

    private async Task<AgentConnection> WaitForConnectionAsync(string nodeId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = _time.GetUtcNow() + _options.ConnectTimeout;
        while (true)
        {
            if (_connections.TryGetValue(nodeId, out var connection) && !connection.IsClosed)
            {
                return connection;
            }

            var waiter = _connectWaiters.GetOrAdd(nodeId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_connections.TryGetValue(nodeId, out connection) && !connection.IsClosed)
            {
                return connection;
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw Unavailable(nodeId, $"its agent did not connect within {_options.ConnectTimeout}");
            }

            try
            {
                await waiter.Task.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw Unavailable(nodeId, $"its agent did not connect within {_options.ConnectTimeout}");
            }
        }
    }

    private static AgentUnavailableException Unavailable(string nodeId, string reason) =>
        new($"Node '{nodeId}' is unavailable: {reason}. The outcome of what was sent is unknown, not failed.");
}
