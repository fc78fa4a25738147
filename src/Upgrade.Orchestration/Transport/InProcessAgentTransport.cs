using System.Collections.Concurrent;

namespace Upgrade.Orchestration;

/// <summary>
/// An <see cref="IAgentTransport"/> that calls agents in the same process: a control plane and its agents in one host,
/// or tests. A node without an agent is unavailable (<see cref="AgentUnavailableException"/>), like an unreachable
/// remote node.
/// </summary>
/// <remarks>
/// As over a network, the caller's cancellation token only stops the wait: the agent keeps running the upgrade, and a
/// resend of the same upgrade id (or <see cref="GetOutcomeAsync"/>) learns its outcome. A resend while the upgrade still
/// runs joins it instead of calling the agent a second time, and the agent's progress is forwarded to the observer of
/// the latest caller.
/// </remarks>
public sealed class InProcessAgentTransport : IAgentTransport
{
    private readonly IReadOnlyDictionary<string, IUpgradeAgent> _agents;
    private readonly ConcurrentDictionary<(string NodeId, string UpgradeId), InFlight> _inFlight = new();

    /// <summary>Initializes a new instance of the <see cref="InProcessAgentTransport"/> class.</summary>
    /// <param name="agents">The agent of each node id.</param>
    public InProcessAgentTransport(IReadOnlyDictionary<string, IUpgradeAgent> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = agents;
    }

    /// <inheritdoc/>
    public Task<UpgradeOutcome> SendUpgradeAsync(string nodeId, UpgradePayload payload, IUpgradeProgressObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(observer);
        var agent = AgentOf(nodeId);
        var key = (nodeId, payload.UpgradeId);
        InFlight? started = null;
        var inFlight = _inFlight.GetOrAdd(key, _ => started = new InFlight(observer));
        if (!ReferenceEquals(inFlight, started))
        {
            inFlight.Observer = observer;
        }
        else
        {
            inFlight.Start(agent, payload);
            _ = ForgetWhenDoneAsync(key, inFlight);
        }

        return inFlight.Task.WaitAsync(cancellationToken);
    }

    private async Task ForgetWhenDoneAsync((string NodeId, string UpgradeId) key, InFlight inFlight)
    {
        try
        {
            await inFlight.Task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The callers see the failure; here it only ends the entry.
        }

        _inFlight.TryRemove(new KeyValuePair<(string, string), InFlight>(key, inFlight));
    }

    /// <inheritdoc/>
    public async Task<UpgradeOutcome?> GetOutcomeAsync(string nodeId, string upgradeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upgradeId);
        return await AgentOf(nodeId).GetOutcomeAsync(upgradeId, cancellationToken).ConfigureAwait(false);
    }

    private IUpgradeAgent AgentOf(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        return _agents.TryGetValue(nodeId, out var agent)
            ? agent
            : throw new AgentUnavailableException($"No agent is registered for node '{nodeId}'.");
    }

    /// <summary>One upgrade running on an agent, and the observer its progress goes to.</summary>
    private sealed class InFlight : IUpgradeProgressObserver
    {
        private readonly TaskCompletionSource<UpgradeOutcome> _completion = new(TaskCreationOptions.None);
        private volatile IUpgradeProgressObserver _observer;

        public InFlight(IUpgradeProgressObserver observer)
        {
            _observer = observer;
        }

        public IUpgradeProgressObserver Observer
        {
            set => _observer = value;
        }

        public Task<UpgradeOutcome> Task => _completion.Task;

        public void Start(IUpgradeAgent agent, UpgradePayload payload)
        {
            Task<UpgradeOutcome> upgrade;
            try
            {
                // The agent is not told when a caller stops waiting, as over a network.
                upgrade = agent.HandleAsync(payload, this, CancellationToken.None);
            }
            catch (Exception exception)
            {
                upgrade = System.Threading.Tasks.Task.FromException<UpgradeOutcome>(exception);
            }

            _ = CompleteAsync(upgrade);
        }

        private async Task CompleteAsync(Task<UpgradeOutcome> upgrade)
        {
            try
            {
                _completion.TrySetResult(await upgrade.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                _completion.TrySetCanceled();
            }
            catch (Exception exception)
            {
                _completion.TrySetException(exception);
            }
        }

        public ValueTask OnPhaseChangedAsync(UpgradePhaseChange change, CancellationToken cancellationToken) =>
            _observer.OnPhaseChangedAsync(change, cancellationToken);

        public ValueTask OnHeartbeatAsync(UpgradeHeartbeat heartbeat, CancellationToken cancellationToken) =>
            _observer.OnHeartbeatAsync(heartbeat, cancellationToken);
    }
}
