namespace Upgrade.Samples.ControlPlane.Security;

/// <summary>Names of the host's authentication schemes, claims, scopes and policies.</summary>
internal static class ControlPlaneAuth
{
    /// <summary>The default scheme: picks bearer or API key from the request's headers.</summary>
    public const string Scheme = "ControlPlane";

    public const string ApiKeyScheme = "ApiKey";

    public const string BearerScheme = "Bearer";

    /// <summary>The header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The claim type of a granted scope; only the server's configuration adds it.</summary>
    public const string ScopeClaim = "upgrade_scope";

    /// <summary>The claim type of the authentication method (api_key or jwt).</summary>
    public const string MethodClaim = "upgrade_auth_method";

    public const string AdminScope = "admin";

    /// <summary>The policy every rollout and group endpoint requires.</summary>
    public const string AdminPolicy = "admin";
}
