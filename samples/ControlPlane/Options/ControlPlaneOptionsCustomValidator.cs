using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ControlPlane.Options;

/// <summary>Validates the rules of <see cref="ControlPlaneOptions"/> that span fields.</summary>
internal sealed class ControlPlaneOptionsCustomValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        var jwt = options.Authentication.Jwt;
        if (!string.IsNullOrWhiteSpace(jwt.Issuer) || !string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.SigningKey))
            {
                builder.AddError("Issuer and SigningKey are set together or not at all.", "ControlPlane:Authentication:Jwt");
            }
            else if (!TryDecode(jwt.SigningKey, out var key) || key.Length < 32)
            {
                builder.AddError("SigningKey must be base64 of at least 32 bytes (HMAC-SHA256).", "ControlPlane:Authentication:Jwt:SigningKey");
            }

            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                builder.AddError("Audience is required when an issuer is configured.", "ControlPlane:Authentication:Jwt:Audience");
            }
        }

        var duplicates = options.Authentication.ApiKeys.GroupBy(k => k.Sha256, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.First().Name);
        foreach (var duplicate in duplicates)
        {
            builder.AddError($"Two API keys have the same hash (first: '{duplicate}').", "ControlPlane:Authentication:ApiKeys");
        }

        return builder.Build();
    }

    internal static bool TryDecode(string value, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(value);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
