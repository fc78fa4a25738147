using System.Text;
using System.Text.Json;
using Upgrade.Internal;

namespace Upgrade.Executor;

/// <summary>
/// The on-disk format of the file stores: a header line <c>upgrade-store/1 sha256:&lt;hex&gt;</c> with the checksum
/// of the JSON body that follows. Written atomically; a file whose header or checksum is wrong is reported as corrupt,
/// never half-read.
/// </summary>
internal static class StoreFile
{
    private const string Magic = "upgrade-store/1";

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
    };

    public static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, SerializerOptions);
        var header = Encoding.UTF8.GetBytes($"{Magic} {Sha256Checksum.Compute(body)}\n");
        var content = new byte[header.Length + body.Length];
        header.CopyTo(content, 0);
        body.CopyTo(content, header.Length);
        await AtomicFile.WriteAllBytesAsync(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        var newline = Array.IndexOf(content, (byte)'\n');
        if (newline < 0)
        {
            throw Corrupt(path, "the header line is missing");
        }

        var header = Encoding.UTF8.GetString(content, 0, newline).Split(' ');
        if (header.Length != 2 || header[0] != Magic)
        {
            throw Corrupt(path, $"the header is not '{Magic} sha256:<hex>'");
        }

        var body = content.AsMemory(newline + 1);
        if (!Sha256Checksum.AreEqual(header[1], Sha256Checksum.Compute(body.Span)))
        {
            throw Corrupt(path, "the content does not match its checksum");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, SerializerOptions) ?? throw Corrupt(path, "the body is empty");
        }
        catch (JsonException exception)
        {
            throw new StoreCorruptedException($"The store file '{path}' is corrupt: its body is not a valid record ({exception.Message}).", exception);
        }
    }

    private static StoreCorruptedException Corrupt(string path, string reason)
        => new($"The store file '{path}' is corrupt: {reason}. Move it away to let the upgrade be checked against the node again.");
}
