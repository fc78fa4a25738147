namespace Upgrade.Transport.Grpc;

/// <summary>How a node agent reaches its control plane.</summary>
public sealed class UpgradeAgentClientOptions
{
    /// <summary>Gets or sets the control plane's agent hub address; it must use <c>https</c>.</summary>
    public Uri? ControlPlaneAddress { get; set; }

    /// <summary>Gets or sets this node's id; the token authenticates exactly this id.</summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>Gets or sets this node's token (a secret: never logged).</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the directory where the agent journals the upgrades it received, to resume and re-announce them
    /// after a restart. It must be absolute.
    /// </summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a PEM file with the certificate (or its issuing CA) the control plane must present. When
    /// <see langword="null"/>, the system's trust store decides.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>Gets or sets the first delay before reconnecting; later ones double, with jitter.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between reconnection attempts.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options and lists every violation.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ControlPlaneAddress is null || !ControlPlaneAddress.IsAbsoluteUri || ControlPlaneAddress.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{nameof(ControlPlaneAddress)}: must be an absolute https URL (the token must not cross the network in clear).");
        }

        if (string.IsNullOrWhiteSpace(NodeId))
        {
            errors.Add($"{nameof(NodeId)}: must not be blank.");
        }

        if (string.IsNullOrEmpty(Token) || Token.Length < AgentCredentials.MinTokenLength)
        {
            errors.Add($"{nameof(Token)}: must be at least {AgentCredentials.MinTokenLength} characters long.");
        }

        if (string.IsNullOrWhiteSpace(StateDirectory) || !Path.IsPathFullyQualified(StateDirectory))
        {
            errors.Add($"{nameof(StateDirectory)}: must be an absolute path.");
        }

        if (TrustedCertificatePath is not null && !File.Exists(TrustedCertificatePath))
        {
            errors.Add($"{nameof(TrustedCertificatePath)}: the file '{TrustedCertificatePath}' does not exist.");
        }

        if (ReconnectDelay <= TimeSpan.Zero || ReconnectDelay > MaxReconnectDelay)
        {
            errors.Add($"{nameof(ReconnectDelay)}: must be more than zero and at most {nameof(MaxReconnectDelay)} (was {ReconnectDelay}).");
        }

        if (MaxReconnectDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"{nameof(MaxReconnectDelay)}: must be at most one hour (was {MaxReconnectDelay}).");
        }

        return errors;
    }
}
