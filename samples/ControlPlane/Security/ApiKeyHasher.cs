using System.Security.Cryptography;
using System.Text;

namespace Upgrade.Samples.ControlPlane.Security;

/// <summary>
/// API keys are 32 random bytes, so one SHA-256 is enough to store them: a slow password hash protects low-entropy
/// secrets, and a key has 256 bits of entropy.
/// </summary>
internal static class ApiKeyHasher
{
    public const string Prefix = "upk_";

    public static string Generate() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
