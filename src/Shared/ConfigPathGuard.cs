namespace Upgrade.Internal;

/// <summary>
/// Decides whether a configuration path lies inside the allowed roots, the way the kernel would resolve it: every
/// symbolic link on the way is followed and <c>..</c> applies to the resolved directory, so neither can lead out.
/// Shared by every adapter that writes configuration files, so they all enforce the same rule.
/// </summary>
internal sealed class ConfigPathGuard
{
    private const int MaxSymbolicLinks = 40;

    private readonly IReadOnlyList<string> _roots;

    public ConfigPathGuard(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _roots = [.. roots];
    }

    /// <summary>Resolves <paramref name="path"/> and returns the file it designates, inside an allowed root.</summary>
    /// <exception cref="PathNotAllowedException">The path is relative, or resolves outside every allowed root.</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathNotAllowedException(path ?? string.Empty, "it is empty or contains a NUL character");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new PathNotAllowedException(path, "it is not an absolute path");
        }

        if (_roots.Count == 0)
        {
            throw new PathNotAllowedException(path, "no configuration root is allowed");
        }

        string resolved;
        try
        {
            resolved = ResolveLinks(path);
        }
        catch (IOException exception)
        {
            throw new PathNotAllowedException(path, exception.Message);
        }

        foreach (var root in _roots)
        {
            var resolvedRoot = ResolveLinks(root);
            if (IsStrictlyInside(resolved, resolvedRoot))
            {
                if (Directory.Exists(resolved))
                {
                    throw new PathNotAllowedException(path, "it is a directory");
                }

                return resolved;
            }
        }

        throw new PathNotAllowedException(path, $"it resolves to '{resolved}', outside the allowed roots ({string.Join(", ", _roots)})");
    }

    /// <summary>Tells whether <paramref name="path"/> resolves inside an allowed root.</summary>
    public bool IsAllowed(string path)
    {
        try
        {
            _ = Resolve(path);
            return true;
        }
        catch (PathNotAllowedException)
        {
            return false;
        }
    }

    /// <summary>Resolves every symbolic link in an absolute path; components that do not exist are kept as written.</summary>
    /// <exception cref="IOException">The path contains too many symbolic links (a loop).</exception>
    internal static string ResolveLinks(string path)
    {
        var pending = new List<string>(Split(path));
        var current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var component = pending[0];
            pending.RemoveAt(0);
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, component);
            var linkTarget = new FileInfo(next).LinkTarget;
            if (linkTarget is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxSymbolicLinks)
            {
                throw new IOException($"Too many levels of symbolic links in '{path}'.");
            }

            if (Path.IsPathRooted(linkTarget))
            {
                current = Path.GetPathRoot(linkTarget) ?? "/";
            }

            pending.InsertRange(0, Split(linkTarget));
        }

        return current;
    }

    private static bool IsStrictlyInside(string path, string root)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
