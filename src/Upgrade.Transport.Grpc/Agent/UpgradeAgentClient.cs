using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// The agent side of the gRPC transport: dials out to the control plane, holds one stream, runs the upgrades it
/// receives through the node's <see cref="IUpgradeAgent"/> and reports phases, heartbeats and outcomes. It reconnects
/// with jittered exponential backoff and re-announces what it runs and what ended unacknowledged.
/// </summary>
internal sealed class UpgradeAgentClient : BackgroundService
{
    private readonly IUpgradeAgent _agent;
    private readonly UpgradeAgentClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AgentJournal _journal;
    private readonly AgentRelease _release;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UpgradeEnded> _unacknowledged = new(StringComparer.Ordinal);
    private volatile Channel<AgentMessage>? _outbox;
    private CancellationToken _stopping;

    public UpgradeAgentClient(IUpgradeAgent agent, UpgradeAgentClientOptions options, TimeProvider? timeProvider = null, ILogger<UpgradeAgentClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The agent client options are invalid: " + string.Join(" ", errors), nameof(options));
        }

        _agent = agent;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _journal = new AgentJournal(options.StateDirectory);
        _release = new AgentRelease(options.StateDirectory, _logger);
    }

    /// <summary>Gets a value indicating whether the stream to the control plane is open.</summary>
    public bool IsConnected => _outbox is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await _release.LoadAsync(stoppingToken).ConfigureAwait(false);
        await ResumeJournaledAsync(stoppingToken).ConfigureAwait(false);

        using var handler = CreateHandler();
        using var channel = GrpcChannel.ForAddress(_options.ControlPlaneAddress!, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var client = new AgentHub.AgentHubClient(channel);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReconnectDelay,
                MaxDelay = _options.MaxReconnectDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => !stoppingToken.IsCancellationRequested && e is not OperationCanceledException || e is RpcException),
                OnRetry = args =>
                {
                    _logger.ClientConnectionFailed(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One execution per disconnected period: the backoff starts again from the first delay after a stream
                // that was established ends.
                await pipeline.ExecuteAsync(token => new ValueTask(ConnectAndServeAsync(client, token)), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await Task.WhenAll(_inFlight.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ResumeJournaledAsync(CancellationToken cancellationToken)
    {
        foreach (var payload in await _journal.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await _agent.GetOutcomeAsync(payload.UpgradeId, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                // The agent may have been stopped after the upgrade ended and before its release was saved.
                await _release.ApplyAsync(payload, outcome, cancellationToken).ConfigureAwait(false);
                _unacknowledged[payload.UpgradeId] = Ended(payload.UpgradeId, outcome);
            }
            else
            {
                _logger.ClientUpgradeResumed(payload.UpgradeId);
                Start(payload);
            }
        }
    }

    private async Task ConnectAndServeAsync(AgentHub.AgentHubClient client, CancellationToken cancellationToken)
    {
        _logger.ClientConnecting(_options.ControlPlaneAddress!, _options.NodeId);
        var headers = new Metadata
        {
            { AgentCredentials.NodeIdHeader, _options.NodeId },
            { AgentCredentials.AuthorizationHeader, "Bearer " + _options.Token },
        };
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Connect(headers, cancellationToken: stream.Token);
        var outbox = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });

        // Published before the hello is built: whatever ends from now on is sent on this stream, whatever ended before
        // is in the hello (an outcome in both is harmless, the control plane acknowledges it twice).
        _outbox = outbox;
        try
        {
            var hello = new Hello { NodeId = _options.NodeId, CurrentRelease = _release.Current };
            hello.InProgress.AddRange(_inFlight.Keys);
            hello.Ended.AddRange(_unacknowledged.Values.Select(WithCurrentRelease));
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, stream.Token).ConfigureAwait(false);
            await call.ResponseHeadersAsync.ConfigureAwait(false);
            _logger.ClientConnected(_options.NodeId);

            var writer = WriteLoopAsync(outbox, call.RequestStream, stream);
            try
            {
                while (await call.ResponseStream.MoveNext(stream.Token).ConfigureAwait(false))
                {
                    await DispatchAsync(call.ResponseStream.Current, stream.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                outbox.Writer.TryComplete();
                await stream.CancelAsync().ConfigureAwait(false);
                await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _outbox, null, outbox);
            outbox.Writer.TryComplete();
        }
    }

    private static async Task WriteLoopAsync(Channel<AgentMessage> outbox, IClientStreamWriter<AgentMessage> requests, CancellationTokenSource stream)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(stream.Token).ConfigureAwait(false))
            {
                await requests.WriteAsync(message, stream.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or InvalidOperationException or IOException)
        {
            // A failed write ends the stream; the reader sees it and the client reconnects.
            await stream.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        switch (message.BodyCase)
        {
            case ControlMessage.BodyOneofCase.Upgrade:
                OnUpgrade(message.Upgrade.Payload);
                break;
            case ControlMessage.BodyOneofCase.OutcomeQuery:
                await AnswerAsync(message.OutcomeQuery, cancellationToken).ConfigureAwait(false);
                break;
            case ControlMessage.BodyOneofCase.EndedAck:
                if (_unacknowledged.TryRemove(message.EndedAck.UpgradeId, out _))
                {
                    _journal.Remove(message.EndedAck.UpgradeId);
                }

                break;
        }
    }

    private void OnUpgrade(Payload wire)
    {
        UpgradePayload payload;
        try
        {
            payload = WireMapping.FromWire(wire);
        }
        catch (FormatException exception)
        {
            Refuse(wire.UpgradeId, "validation", exception.Message);
            return;
        }

        if (!UpgradeIds.IsValid(payload.UpgradeId))
        {
            Refuse(payload.UpgradeId, "validation", $"upgrade_id: '{payload.UpgradeId}' is not a valid upgrade id.");
            return;
        }

        if (_unacknowledged.TryGetValue(payload.UpgradeId, out var ended))
        {
            // Answered from what the agent holds, without touching the node.
            Send(new AgentMessage { Ended = WithCurrentRelease(ended, isReplay: true) });
            return;
        }

        _logger.ClientUpgradeReceived(payload.UpgradeId, payload.TargetVersion);
        Start(payload);
    }

    private void Start(UpgradePayload payload)
    {
        // A redelivery of an upgrade that runs joins it: the running one reports on the current stream.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_inFlight.TryAdd(payload.UpgradeId, started.Task))
        {
            _ = RunAsync(payload, started);
        }
    }

    private async Task RunAsync(UpgradePayload payload, TaskCompletionSource done)
    {
        var upgradeId = payload.UpgradeId;
        try
        {
            await _journal.RecordAsync(payload, _stopping).ConfigureAwait(false);
            var outcome = await _agent.HandleAsync(payload, new StreamObserver(this), _stopping).ConfigureAwait(false);

            // Saved before the outcome is announced: whatever the control plane learns of the end, the release matches.
            await _release.ApplyAsync(payload, outcome, _stopping).ConfigureAwait(false);
            var ended = Ended(upgradeId, outcome);
            _unacknowledged[upgradeId] = ended;
            Send(new AgentMessage { Ended = WithCurrentRelease(ended) });
        }
        catch (UpgradeValidationException exception)
        {
            _journal.Remove(upgradeId);
            Refuse(upgradeId, "validation", exception.Message);
        }
        catch (UpgradeInputMismatchException exception)
        {
            _journal.Remove(upgradeId);
            Refuse(upgradeId, "input_mismatch", exception.Message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Left in the journal: the next start resumes it from its checkpoint.
            _logger.ClientUpgradeFailed(upgradeId, exception);
        }
        finally
        {
            _inFlight.TryRemove(upgradeId, out _);
            done.TrySetResult();
        }
    }

    private async Task AnswerAsync(OutcomeQuery query, CancellationToken cancellationToken)
    {
        var answer = new OutcomeAnswer { NodeId = _options.NodeId, RequestId = query.RequestId, UpgradeId = query.UpgradeId };
        if (UpgradeIds.IsValid(query.UpgradeId) && await _agent.GetOutcomeAsync(query.UpgradeId, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            answer.Found = true;
            answer.OutcomeJson = WireMapping.SerializeOutcome(outcome);
        }

        Send(new AgentMessage { OutcomeAnswer = answer });
    }

    private void Refuse(string upgradeId, string reason, string message)
    {
        _logger.ClientUpgradeRefused(upgradeId, message);
        Send(new AgentMessage { Refused = new UpgradeRefused { NodeId = _options.NodeId, UpgradeId = upgradeId, Reason = reason, Message = message } });
    }

    private UpgradeEnded Ended(string upgradeId, UpgradeOutcome outcome) =>
        new() { NodeId = _options.NodeId, UpgradeId = upgradeId, OutcomeJson = WireMapping.SerializeOutcome(outcome), IsReplay = outcome.IsReplay };

    /// <summary>A copy of an ended report that carries the release the node runs now, the latest one to report.</summary>
    private UpgradeEnded WithCurrentRelease(UpgradeEnded ended) => WithCurrentRelease(ended, ended.IsReplay);

    private UpgradeEnded WithCurrentRelease(UpgradeEnded ended, bool isReplay) =>
        new(ended) { IsReplay = isReplay, CurrentRelease = _release.Current };

    // Progress while disconnected is dropped: phases and heartbeats are current state, and outcomes are re-announced.
    private void Send(AgentMessage message) => _outbox?.Writer.TryWrite(message);

    private SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (_options.TrustedCertificatePath is { } path)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(path);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, trusted);
        }

        return handler;
    }

    /// <summary>Accepts the server's certificate only when it chains to the configured trust anchor and names the host.</summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    /// <summary>Forwards the running upgrade's progress to whichever stream is open.</summary>
    private sealed class StreamObserver(UpgradeAgentClient client) : IUpgradeProgressObserver
    {
        public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken)
        {
            client.Send(new AgentMessage { PhaseChanged = WireMapping.ToWire(client._options.NodeId, change) });
            return ValueTask.CompletedTask;
        }

        public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken)
        {
            client.Send(new AgentMessage { Heartbeat = WireMapping.ToWire(client._options.NodeId, heartbeat) });
            return ValueTask.CompletedTask;
        }
    }
}
