namespace Upgrade.Adapters.Docker.Internal;

/// <summary>Resolves configuration paths and refuses those outside the allowed roots.</summary>
/// <remarks>
/// Symbolic links are resolved component by component, so neither <c>..</c> nor a link (anywhere in the path, also one
/// created later inside a root) can lead a write outside the roots.
/// </remarks>
internal sealed class ConfigPathGuard
{
    private const int MaxLinkDepth = 40;
    private readonly IReadOnlyList<string> _roots;

    public ConfigPathGuard(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _roots = roots.Select(root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))).ToArray();
    }

    /// <summary>Returns the real path that <paramref name="path"/> designates, after checking it lies inside a root.</summary>
    /// <exception cref="PathNotAllowedException">The path is relative, climbs with <c>..</c>, or resolves outside every root.</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
        {
            throw new PathNotAllowedException(path ?? string.Empty, "it is not an absolute path");
        }

        if (path.Split('/').Any(segment => segment == ".."))
        {
            throw new PathNotAllowedException(path, "it contains a '..' segment");
        }

        var real = RealPath(Path.GetFullPath(path), 0);
        foreach (var root in _roots)
        {
            var realRoot = RealPath(root, 0);
            if (real.StartsWith(realRoot + "/", StringComparison.Ordinal) && real.Length > realRoot.Length + 1)
            {
                return real;
            }
        }

        throw new PathNotAllowedException(path, $"it resolves to '{real}', which lies outside the allowed roots ({string.Join(", ", _roots)})");
    }

    /// <summary>Resolves every symbolic link in an absolute path; components that do not exist are kept as they are.</summary>
    internal static string RealPath(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new PathNotAllowedException(fullPath, "it has too many levels of symbolic links");
        }

        var current = "/";
        foreach (var segment in fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(candidate) ? new DirectoryInfo(candidate) : new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                var absolute = Path.IsPathFullyQualified(target) ? target : Path.Combine(current, target);
                candidate = RealPath(Path.GetFullPath(absolute), depth + 1);
            }

            current = candidate;
        }

        return current;
    }
}
