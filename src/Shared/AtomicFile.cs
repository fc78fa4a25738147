using System.Runtime.InteropServices;

namespace Upgrade.Internal;

/// <summary>
/// Replaces files so that a crash at any instant leaves either the old or the new content: write a temporary file in
/// the target's own directory, fsync it, rename it over the target, then fsync the directory.
/// </summary>
/// <remarks>
/// The temporary file must live in the target's directory: <see cref="File.Move(string, string, bool)"/> across mounts
/// silently becomes copy-then-delete, which is not atomic. .NET has no managed way to fsync a directory, so it is done
/// through libc.
/// </remarks>
internal static partial class AtomicFile
{
    /// <summary>The marker in the names of temporary files, so that stale ones can be recognised and removed.</summary>
    public const string TempMarker = ".tmp-";

    private const int OpenReadOnly = 0;
    private const int OpenDirectory = 0x10000;
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="content"/>.</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"The path '{path}' has no directory.", nameof(path));
        var tempPath = TempPathFor(fullPath);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            if (mode is { } unixMode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = unixMode;
            }

            var stream = new FileStream(tempPath, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } explicitMode && !OperatingSystem.IsWindows())
            {
                // UnixCreateMode is filtered by the umask; set the mode the caller asked for exactly.
                File.SetUnixFileMode(tempPath, explicitMode);
            }

            File.Move(tempPath, fullPath, overwrite: true);
            FsyncDirectory(directory);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Atomically renames <paramref name="source"/> onto <paramref name="destination"/> in the same directory tree, then makes it durable.</summary>
    public static void Replace(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var sourceDirectory = Path.GetDirectoryName(Path.GetFullPath(source))!;
        if (!string.Equals(sourceDirectory, Path.GetDirectoryName(Path.GetFullPath(destination)), StringComparison.Ordinal))
        {
            FsyncDirectory(sourceDirectory);
        }
    }

    /// <summary>Deletes a file and makes the deletion durable. Does nothing when the file does not exist.</summary>
    public static void Delete(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        File.Delete(path);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Returns a fresh temporary path next to <paramref name="path"/>.</summary>
    public static string TempPathFor(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        return Path.Combine(directory, "." + Path.GetFileName(fullPath) + TempMarker + Guid.NewGuid().ToString("N"));
    }

    /// <summary>Removes temporary files left next to <paramref name="path"/> by a crashed writer.</summary>
    public static void DeleteStaleTempFiles(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(directory, "." + Path.GetFileName(fullPath) + TempMarker + "*"))
        {
            TryDelete(stale);
        }
    }

    /// <summary>Flushes a directory's entries (creations, renames, deletions) to disk.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, OpenReadOnly | OpenDirectory | OpenCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory '{directory}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
