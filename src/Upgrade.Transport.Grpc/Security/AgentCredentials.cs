using System.Security.Cryptography;
using System.Text;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// Per-node tokens: the agent presents its token over TLS, the control plane keeps only its SHA-256 hash. A token
/// authenticates one node id, so a node can only report for itself.
/// </summary>
public static class AgentCredentials
{
    /// <summary>The request header that names the node a stream belongs to.</summary>
    public const string NodeIdHeader = "x-upgrade-node-id";

    /// <summary>The request header that carries the node's token, as <c>Bearer &lt;token&gt;</c>.</summary>
    public const string AuthorizationHeader = "authorization";

    /// <summary>The shortest token accepted, in characters.</summary>
    public const int MinTokenLength = 32;

    /// <summary>Computes the hash the control plane stores for a token, <c>sha256:&lt;hex&gt;</c>.</summary>
    /// <param name="token">The node's token.</param>
    /// <returns>The hash to put into <see cref="AgentHubOptions.NodeTokenHashes"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is shorter than <see cref="MinTokenLength"/>.</exception>
    public static string HashToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length < MinTokenLength)
        {
            throw new ArgumentException($"The token must be at least {MinTokenLength} characters long.", nameof(token));
        }

        return Sha256Checksum.Compute(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Creates a random token of 43 URL-safe characters (256 bits).</summary>
    /// <returns>The token.</returns>
    public static string CreateToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Checks a presented token against the stored hash, in constant time.</summary>
    internal static bool Verify(string? token, string? expectedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length < MinTokenLength || !Sha256Checksum.TryParse(expectedHash, out var expected))
        {
            return false;
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
