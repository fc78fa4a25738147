using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Upgrade.Samples.ControlPlane.Options;

namespace Upgrade.Samples.ControlPlane.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured key hashes. Every stored hash is compared in
/// constant time, with no early exit, so the time taken says nothing about which key (or which prefix) matched.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly IOptionsMonitor<ControlPlaneOptions> _controlPlane;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<ControlPlaneOptions> controlPlane)
        : base(options, logger, encoder)
    {
        _controlPlane = controlPlane;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ControlPlaneAuth.ApiKeyHeader, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = ApiKeyHasher.Hash(values[0]!);
        ApiKeySettings? match = null;
        foreach (var key in _controlPlane.CurrentValue.Authentication.ApiKeys)
        {
            var stored = Convert.FromHexString(key.Sha256);
            if (CryptographicOperations.FixedTimeEquals(presented, stored) && match is null)
            {
                match = key;
            }
        }

        if (match is null)
        {
            // The message names no part of the key.
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(ControlPlaneAuth.ApiKeyScheme, ClaimTypes.Name, ControlPlaneAuth.ScopeClaim);
        identity.AddClaim(new Claim(ClaimTypes.Name, match.Name));
        identity.AddClaim(new Claim(ControlPlaneAuth.MethodClaim, "api_key"));
        foreach (var scope in match.Scopes.Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(ControlPlaneAuth.ScopeClaim, scope));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ControlPlaneAuth.ApiKeyScheme)));
    }
}
