using System.Buffers;
using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Copies and hashes files in one pass, durably.</summary>
internal static class FileCopy
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Copies <paramref name="source"/> into the new file <paramref name="destination"/>, flushes it to disk, sets
    /// <paramref name="mode"/> and returns the SHA-256 digest of the bytes copied.
    /// </summary>
    public static async Task<byte[]> CopyNewAsync(string source, string destination, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var sourceStream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (sourceStream.ConfigureAwait(false))
        {
            var destinationStream = new FileStream(destination, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            await using (destinationStream.ConfigureAwait(false))
            {
                using var hash = Sha256Checksum.CreateIncremental();
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int read;
                    while ((read = await sourceStream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await destinationStream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                await destinationStream.FlushAsync(cancellationToken).ConfigureAwait(false);
                destinationStream.Flush(flushToDisk: true);
                File.SetUnixFileMode(destination, mode);
                return hash.GetHashAndReset();
            }
        }
    }

    /// <summary>Computes the SHA-256 digest of a file.</summary>
    public static async Task<byte[]> HashAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tells whether a regular file exists at <paramref name="path"/> and hashes to <paramref name="checksum"/>.</summary>
    public static async Task<bool> MatchesAsync(string path, string checksum, CancellationToken cancellationToken)
    {
        if (!Sha256Checksum.IsValid(checksum) || !File.Exists(path))
        {
            return false;
        }

        try
        {
            var digest = await HashAsync(path, cancellationToken).ConfigureAwait(false);
            return Sha256Checksum.Matches(checksum, digest);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Deletes a file if it exists, ignoring a concurrent removal.</summary>
    public static void DeleteIfExists(string path)
    {
        try
        {
            AtomicFile.Delete(path);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
