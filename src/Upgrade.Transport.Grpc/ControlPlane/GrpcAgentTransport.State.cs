using System.Threading.Channels;
using Upgrade.Transport.Grpc.Protocol;

namespace Upgrade.Transport.Grpc;

/// <content>The state the transport keeps per stream, per upgrade and per query.</content>
public sealed partial class GrpcAgentTransport
{
    /// <summary>One open agent stream: its outgoing queue and its lifetime.</summary>
    private sealed class AgentConnection : IDisposable
    {
        private readonly CancellationTokenSource _closed;

        public AgentConnection(string nodeId, CancellationToken streamAborted)
        {
            NodeId = nodeId;
            _closed = CancellationTokenSource.CreateLinkedTokenSource(streamAborted);
        }

        public string NodeId { get; }

        public Channel<ControlMessage> Outbox { get; } = Channel.CreateUnbounded<ControlMessage>(new UnboundedChannelOptions { SingleReader = true });

        public CancellationToken Token => _closed.Token;

        public bool IsClosed => _closed.IsCancellationRequested;

        public void Close()
        {
            Outbox.Writer.TryComplete();
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed: already closed.
            }
        }

        public void Dispose() => _closed.Dispose();
    }

    /// <summary>An upgrade sent to a node whose outcome has not arrived, and the stream it was last delivered on.</summary>
    private sealed class PendingUpgrade(UpgradePayload payload, IUpgradeProgressObserver observer)
    {
        private readonly Lock _lock = new();
        private AgentConnection? _attachedTo;
        private volatile IUpgradeProgressObserver _observer = observer;

        public UpgradePayload Payload { get; } = payload;

        public TaskCompletionSource<UpgradeOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gets or sets the observer of the latest caller, which receives the progress.</summary>
        public IUpgradeProgressObserver Observer
        {
            get => _observer;
            set => _observer = value;
        }

        public bool WasDelivered
        {
            get
            {
                lock (_lock)
                {
                    return _attachedTo is not null;
                }
            }
        }

        public bool IsAttachedTo(AgentConnection connection)
        {
            lock (_lock)
            {
                return ReferenceEquals(_attachedTo, connection);
            }
        }

        /// <summary>Attaches to a stream that already runs the upgrade (it re-announced it).</summary>
        public void Attach(AgentConnection connection)
        {
            lock (_lock)
            {
                _attachedTo = connection;
            }
        }

        /// <summary>Attaches to a stream for a delivery; false when it was already delivered there.</summary>
        public bool TryAttachForDelivery(AgentConnection connection)
        {
            lock (_lock)
            {
                if (ReferenceEquals(_attachedTo, connection))
                {
                    return false;
                }

                _attachedTo = connection;
                return true;
            }
        }
    }

    /// <summary>An outcome query waiting for its answer.</summary>
    private sealed class PendingQuery(string nodeId, AgentConnection connection)
    {
        public string NodeId { get; } = nodeId;

        public AgentConnection Connection { get; } = connection;

        public TaskCompletionSource<UpgradeOutcome?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
