namespace Upgrade.Transport.Grpc;

/// <summary>How the control plane's agent hub authenticates agents and how long it waits for them.</summary>
public sealed class AgentHubOptions
{
    /// <summary>
    /// Gets the credential of each node: node id to the SHA-256 hash of its token (<see cref="AgentCredentials.HashToken"/>).
    /// A node missing here cannot connect.
    /// </summary>
    public IDictionary<string, string> NodeTokenHashes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how long a send waits for a node's agent that is not connected before the node is unavailable.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long an upgrade whose stream was lost waits for its agent to come back. Within it, the agent's
    /// re-announcement settles the upgrade; after it, the outcome is reported unknown (<see cref="AgentUnavailableException"/>),
    /// never failed. Keep it below the orchestration's upgrade timeout.
    /// </summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan ReconnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long an outcome query waits for the agent's answer.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options and lists every violation.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckPositive(errors, ConnectTimeout, nameof(ConnectTimeout));
        CheckPositive(errors, ReconnectTimeout, nameof(ReconnectTimeout));
        CheckPositive(errors, QueryTimeout, nameof(QueryTimeout));
        foreach (var (nodeId, hash) in NodeTokenHashes)
        {
            if (string.IsNullOrWhiteSpace(nodeId))
            {
                errors.Add($"{nameof(NodeTokenHashes)}: node ids must not be blank.");
            }

            if (!Sha256Checksum.IsValid(hash))
            {
                errors.Add($"{nameof(NodeTokenHashes)}[{nodeId}]: the token hash must have the form sha256:<64 hex digits>.");
            }
        }

        return errors;
    }

    private static void CheckPositive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{name}: must be more than zero and at most one day (was {value}).");
        }
    }
}
