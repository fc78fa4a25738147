using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Upgrade;

/// <summary>
/// Parses, computes and compares SHA-256 checksums in the canonical form <c>sha256:&lt;64 hex digits&gt;</c>.
/// </summary>
public static class Sha256Checksum
{
    /// <summary>The prefix every checksum carries.</summary>
    public const string Prefix = "sha256:";

    /// <summary>The length of a checksum string: the prefix and 64 hexadecimal digits.</summary>
    public const int Length = 7 + (2 * SHA256.HashSizeInBytes);

    /// <summary>Tells whether <paramref name="value"/> is a well-formed checksum.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when the value is <c>sha256:</c> followed by 64 hexadecimal digits.</returns>
    public static bool IsValid([NotNullWhen(true)] string? value) => TryParse(value, out _);

    /// <summary>Parses a checksum into its 32 digest bytes.</summary>
    /// <param name="value">The checksum text.</param>
    /// <param name="digest">The digest bytes when parsing succeeds.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a well-formed checksum.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        if (value is null || value.Length != Length || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = value.AsSpan(Prefix.Length);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        digest = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Formats digest bytes as a checksum.</summary>
    /// <param name="digest">The 32 digest bytes.</param>
    /// <returns>The checksum text, with lowercase hexadecimal digits.</returns>
    public static string Format(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 digest has {SHA256.HashSizeInBytes} bytes, not {digest.Length}.", nameof(digest));
        }

        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>Computes the checksum of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The checksum text.</returns>
    public static string Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Format(digest);
    }

    /// <summary>Computes the checksum of a stream's remaining content.</summary>
    /// <param name="stream">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checksum text.</returns>
    public static async Task<string> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var digest = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Format(digest);
    }

    /// <summary>Computes the checksum of a file's content.</summary>
    /// <param name="path">The file to hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checksum text.</returns>
    public static async Task<string> ComputeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ComputeAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compares two checksums in constant time with respect to their digest bytes, so that a comparison leaks nothing
    /// about how many leading bytes matched.
    /// </summary>
    /// <param name="expected">The expected checksum.</param>
    /// <param name="actual">The actual checksum.</param>
    /// <returns><see langword="true"/> when both are well formed and equal (hex case is ignored).</returns>
    public static bool AreEqual(string? expected, string? actual)
    {
        if (!TryParse(expected, out var left) || !TryParse(actual, out var right))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    /// <summary>Compares a checksum with digest bytes in constant time.</summary>
    /// <param name="expected">The expected checksum.</param>
    /// <param name="actualDigest">The digest bytes computed from the data.</param>
    /// <returns><see langword="true"/> when the checksum is well formed and equals the digest.</returns>
    public static bool Matches(string? expected, ReadOnlySpan<byte> actualDigest)
    {
        if (!TryParse(expected, out var left))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(left, actualDigest);
    }

    /// <summary>Creates an incremental hasher for data that arrives in pieces, such as a download.</summary>
    /// <returns>A hasher; dispose it when done.</returns>
    public static IncrementalHash CreateIncremental() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
}
