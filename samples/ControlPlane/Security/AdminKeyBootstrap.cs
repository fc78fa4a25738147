using Upgrade.Samples.ControlPlane.Options;

namespace Upgrade.Samples.ControlPlane.Security;

/// <summary>
/// On a first start without any admin credential, generates an admin API key, stores only its SHA-256 under the state
/// directory, and prints the key once to standard output (not through logging, so that no log sink ever holds it).
/// </summary>
internal static class AdminKeyBootstrap
{
    public const string HashFileName = "admin-api-key.sha256";
    public const string AdminKeyName = "admin";

    /// <summary>Returns the stored admin key entry, generating it first when needed; <see langword="null"/> when none applies.</summary>
    public static ApiKeySettings? Ensure(ControlPlaneOptions options, TextWriter console)
    {
        var hashFile = Path.Combine(Path.GetFullPath(options.StateDirectory), HashFileName);
        if (File.Exists(hashFile))
        {
            return Entry(File.ReadAllText(hashFile).Trim());
        }

        var configuredAdmin = options.Authentication.ApiKeys.Any(k => k.Scopes.Contains(ControlPlaneAuth.AdminScope, StringComparer.Ordinal))
            || options.Authentication.Jwt.Enabled;
        if (!options.Authentication.GenerateAdminKey || configuredAdmin)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(hashFile)!);
        var key = ApiKeyHasher.Generate();
        var hash = ApiKeyHasher.HashHex(key);
        File.WriteAllText(hashFile, hash + "\n");
        File.SetUnixFileMode(hashFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        console.WriteLine($"""

            Generated the admin API key. It is shown only now; the host stores only its SHA-256 ({hashFile}).

                {key}

            Send it as the {ControlPlaneAuth.ApiKeyHeader} header. Delete the .sha256 file and restart to generate a new one.

            """);
        return Entry(hash);
    }

    private static ApiKeySettings Entry(string hash) => new() { Name = AdminKeyName, Sha256 = hash, Scopes = [ControlPlaneAuth.AdminScope] };
}
