using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ControlPlane.Options;

/// <summary>The host's settings (configuration section <c>ControlPlane</c>).</summary>
internal sealed class ControlPlaneOptions
{
    public const string SectionName = "ControlPlane";

    /// <summary>Gets or sets where the SQLite database (rollouts, audit, idempotency) and the demo fleet live.</summary>
    [Required]
    public string StateDirectory { get; set; } = ".controlplane";

    /// <summary>Gets or sets a value indicating whether the background worker drives started rollouts.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Gets or sets how often the worker looks for rollouts to drive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the runtime type of each chain the host may roll out to (chain_profile_id to runtime type).</summary>
    public Dictionary<string, string> Chains { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the local demo fleet.</summary>
    [ValidateObjectMembers]
    public DemoFleetOptions DemoFleet { get; set; } = new();

    /// <summary>Gets or sets how callers authenticate.</summary>
    [ValidateObjectMembers]
    public AuthenticationSettings Authentication { get; set; } = new();

    /// <summary>The SQLite file shared by the rollout store and the host's own tables.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(StateDirectory), "controlplane.db");
}

/// <summary>A fleet of local nodes (the quick start's) that the host upgrades from v1 to v2.</summary>
internal sealed class DemoFleetOptions
{
    /// <summary>Gets or sets the number of nodes; 0 starts no fleet.</summary>
    [Range(0, 32)]
    public int Nodes { get; set; }

    /// <summary>Gets or sets how often health validation polls the demo nodes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HealthPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>The accepted credentials. Scopes come only from here, never from a request.</summary>
internal sealed class AuthenticationSettings
{
    /// <summary>Gets or sets the JWT issuer accepted for bearer tokens.</summary>
    [ValidateObjectMembers]
    public JwtIssuerSettings Jwt { get; set; } = new();

    /// <summary>Gets or sets the API keys, each stored as the SHA-256 of the key.</summary>
    [ValidateEnumeratedItems]
    public List<ApiKeySettings> ApiKeys { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether a first start with no admin key generates one and prints it once.</summary>
    public bool GenerateAdminKey { get; set; } = true;
}

/// <summary>One trusted token issuer: HMAC-SHA256 signed tokens with this issuer and audience.</summary>
internal sealed class JwtIssuerSettings
{
    /// <summary>Gets or sets the issuer (<c>iss</c>); bearer authentication is off when it or the key is empty.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the audience (<c>aud</c>).</summary>
    public string Audience { get; set; } = "upgrade-control-plane";

    /// <summary>Gets or sets the HMAC signing key, base64-encoded, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the scopes this issuer may grant; a token's scope outside this list is ignored. Empty: admin and read.</summary>
    public List<string> GrantableScopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveGrantableScopes => GrantableScopes.Count > 0 ? GrantableScopes : ["admin", "read"];

    /// <summary>Gets or sets the clock skew tolerated on expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>One API key: who it authenticates, its SHA-256, and its scopes.</summary>
internal sealed class ApiKeySettings
{
    /// <summary>Gets or sets the principal name the key authenticates (recorded as created_by and in the audit).</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the SHA-256 of the key, as 64 hex digits.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$")]
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Gets or sets the scopes the key grants.</summary>
    public List<string> Scopes { get; set; } = [];
}
