using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Upgrade.Samples.ControlPlane.Security;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>The keys and tokens the test hosts accept and the forged ones they must refuse.</summary>
internal static class Credentials
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "upgrade-control-plane";

    public static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);
    public static readonly byte[] ForgedSigningKey = RandomNumberGenerator.GetBytes(32);
    public static readonly string AdminKey = ApiKeyHasher.Generate();
    public static readonly string ReaderKey = ApiKeyHasher.Generate();
    public static readonly string UnknownKey = ApiKeyHasher.Generate();

    public static string Token(string subject, string scope, DateTimeOffset? expires = null, byte[]? key = null, string issuer = Issuer, string audience = Audience)
    {
        var now = DateTimeOffset.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scope)]),
            IssuedAt = expiry.AddMinutes(-20).UtcDateTime,
            NotBefore = expiry.AddMinutes(-20).UtcDateTime,
            Expires = expiry.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static Dictionary<string, string?> Configuration(string stateDirectory) => new()
    {
        ["ControlPlane:StateDirectory"] = stateDirectory,
        ["ControlPlane:RunWorker"] = "false",
        ["ControlPlane:DemoFleet:Nodes"] = "0",
        ["ControlPlane:Chains:chain-a"] = "systemd",
        ["ControlPlane:Chains:chain-b"] = "systemd",
        ["ControlPlane:Chains:chain-docker"] = "docker",
        ["ControlPlane:Authentication:GenerateAdminKey"] = "false",
        ["ControlPlane:Authentication:Jwt:Issuer"] = Issuer,
        ["ControlPlane:Authentication:Jwt:Audience"] = Audience,
        ["ControlPlane:Authentication:Jwt:SigningKey"] = Convert.ToBase64String(SigningKey),
        ["ControlPlane:Authentication:ApiKeys:0:Name"] = "ops-admin",
        ["ControlPlane:Authentication:ApiKeys:0:Sha256"] = ApiKeyHasher.HashHex(AdminKey),
        ["ControlPlane:Authentication:ApiKeys:0:Scopes:0"] = "admin",
        ["ControlPlane:Authentication:ApiKeys:1:Name"] = "dashboard-reader",
        ["ControlPlane:Authentication:ApiKeys:1:Sha256"] = ApiKeyHasher.HashHex(ReaderKey),
        ["ControlPlane:Authentication:ApiKeys:1:Scopes:0"] = "read",
    };

    /// <summary>Every secret a log line must never contain.</summary>
    public static IEnumerable<string> Secrets() => [AdminKey, ReaderKey, UnknownKey, Convert.ToBase64String(SigningKey)];
}
