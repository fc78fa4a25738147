namespace Upgrade.Orchestration;

/// <summary>
/// The operator surface of rollouts: create (with every creation rule), query, and send signals. Signals are stored
/// and applied by <see cref="RolloutEngine"/> between batches; call <see cref="RolloutEngine.RunAsync"/> after a signal
/// that lets a waiting rollout continue.
/// </summary>
public sealed class RolloutService
{
    private readonly IRolloutStore _store;
    private readonly RolloutCreator _creator;
    private readonly TimeProvider _timeProvider;

    internal RolloutService(IRolloutStore store, RolloutCreator creator, TimeProvider timeProvider)
    {
        _store = store;
        _creator = creator;
        _timeProvider = timeProvider;
    }

    /// <summary>Validates a request against every creation rule and stores a pending rollout.</summary>
    /// <param name="request">The request (auto or manual mode).</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The stored rollout.</returns>
    /// <exception cref="UpgradeValidationException">One or more rules failed; every violation is listed with its field and rule, and nothing was stored.</exception>
    public Task<Rollout> CreateAsync(RolloutRequest request, CancellationToken cancellationToken = default) =>
        _creator.CreateAsync(request, cancellationToken);

    /// <summary>Reads a rollout with its progress counters.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rollout, or <see langword="null"/>.</returns>
    public Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        _store.GetAsync(rolloutId, cancellationToken);

    /// <summary>Lists rollouts.</summary>
    /// <param name="activeOnly">Whether to list only active rollouts.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rollouts, oldest first.</returns>
    public Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken = default) =>
        _store.ListAsync(activeOnly, cancellationToken);

    /// <summary>Reads the per-node status of a rollout, including each node's upgrade phase.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The nodes.</returns>
    public Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        _store.GetNodesAsync(rolloutId, cancellationToken);

    /// <summary>Starts a pending rollout.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or is not pending.</exception>
    public Task<RolloutSignal> StartAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Start, null, r => r.Status == RolloutStatus.Pending, "pending", cancellationToken);

    /// <summary>Pauses a running rollout after its current batch.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or is not running.</exception>
    public Task<RolloutSignal> PauseAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Pause, null, r => r.Status == RolloutStatus.Running, "running", cancellationToken);

    /// <summary>Resumes a paused rollout (a canary gate needs <see cref="ApproveCanaryAsync"/> instead).</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or is not paused.</exception>
    public Task<RolloutSignal> ResumeAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Resume, null, r => r.Status is RolloutStatus.Paused or RolloutStatus.Running, "paused", cancellationToken);

    /// <summary>Cancels a rollout: no new batch starts, nodes in flight finish, nodes not started are skipped.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or cannot be cancelled.</exception>
    public Task<RolloutSignal> CancelAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Cancel, null, r => r.Status is RolloutStatus.Pending or RolloutStatus.Running or RolloutStatus.Paused, "pending, running or paused", cancellationToken);

    /// <summary>Overrides the failure threshold for the rest of the rollout. It does not resume a paused rollout; send resume too.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or ended.</exception>
    public Task<RolloutSignal> ForceAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Force, null, r => r.Status.IsActive(), "active", cancellationToken);

    /// <summary>Approves the canary batch of a breaking migration so that the remaining batches run.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist, ended, or is not a canary rollout.</exception>
    public Task<RolloutSignal> ApproveCanaryAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.ApproveCanary, null, r => r.Status.IsActive() && r.Strategy == RolloutStrategy.Canary, "an active canary rollout", cancellationToken);

    /// <summary>Runs a failed node again, as a new attempt in the next batch.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="nodeId">The failed node.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or is not running or paused, or the node did not fail.</exception>
    public async Task<RolloutSignal> RetryNodeAsync(Guid rolloutId, string nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        var nodes = await _store.GetNodesAsync(rolloutId, cancellationToken).ConfigureAwait(false);
        var node = nodes.FirstOrDefault(n => string.Equals(n.NodeId, nodeId, StringComparison.Ordinal));
        if (node is null || node.Status != NodeUpgradeStatus.Failed)
        {
            throw new InvalidOperationException($"Node '{nodeId}' is not a failed node of rollout {rolloutId} (status {node?.Status.ToString() ?? "none"}); only failed nodes are retried, failed rollbacks need manual intervention.");
        }

        return await SignalAsync(rolloutId, RolloutSignalKind.RetryNode, nodeId, r => r.Status is RolloutStatus.Running or RolloutStatus.Paused, "running or paused", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls the whole rollout back: pauses it, sends every succeeded node its previous version, then marks it rolled back.</summary>
    /// <param name="rolloutId">The rollout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored signal.</returns>
    /// <exception cref="InvalidOperationException">The rollout does not exist or cannot be rolled back.</exception>
    public Task<RolloutSignal> RollbackAsync(Guid rolloutId, CancellationToken cancellationToken = default) =>
        SignalAsync(rolloutId, RolloutSignalKind.Rollback, null, r => r.Status is RolloutStatus.Running or RolloutStatus.Paused or RolloutStatus.Completed or RolloutStatus.Failed, "running, paused, completed or failed", cancellationToken);

    private async Task<RolloutSignal> SignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, Func<Rollout, bool> allowed, string expected, CancellationToken cancellationToken)
    {
        var rollout = await _store.GetAsync(rolloutId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout {rolloutId} does not exist.");
        if (!allowed(rollout))
        {
            throw new InvalidOperationException($"Rollout {rolloutId} is {rollout.Status.ToWireName()}; the {WireNames.Of(kind)} signal needs it {expected}.");
        }

        return await _store.AppendSignalAsync(rolloutId, kind, nodeId, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
