using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Upgrade.CrashMatrix;

/// <summary>A fresh node of one runtime for one case, with its payload file written.</summary>
public interface ICrashNode : IAsyncDisposable
{
    /// <summary>Gets a directory of the node's own where the host keeps its stores and its log.</summary>
    string StateDirectory { get; }

    /// <summary>Gets the payload file every run of the case reads.</summary>
    string PayloadPath { get; }

    /// <summary>Gets the artifact's URL when the harness serves it (so that it can stall the download), or <see langword="null"/>.</summary>
    Uri? ArtifactUrl { get; }

    /// <summary>
    /// Describes everything the upgrade may change, with node-specific names replaced, so that two nodes in the same
    /// state describe the same: SHA-256 of every managed file, the backup directory, the unit's or container's
    /// identity and what it runs, and any leftovers.
    /// </summary>
    Task<string> CaptureAsync(CancellationToken cancellationToken);
}

/// <summary>Helpers for node snapshots.</summary>
public static class NodeSnapshot
{
    /// <summary>Describes a file by its SHA-256 and mode, or as absent.</summary>
    public static async Task<string> FileAsync(string label, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return label + ": absent\n";
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return $"{label}: {Convert.ToHexStringLower(SHA256.HashData(bytes))} mode={Convert.ToString((int)File.GetUnixFileMode(path), 8)}\n";
    }

    /// <summary>Describes a text file by the SHA-256 of its content with node-specific names replaced, or as absent.</summary>
    public static async Task<string> TextFileAsync(string label, string path, IReadOnlyDictionary<string, string> replacements, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return label + ": absent\n";
        }

        var text = Normalize(await File.ReadAllTextAsync(path, cancellationToken), replacements);
        return $"{label}: {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}\n";
    }

    /// <summary>
    /// Describes a backup directory: every file with its SHA-256, JSON files with their timestamps, ids and the node's
    /// own names left out (they differ from node to node and from run to run, not from state to state), or, without
    /// <paramref name="jsonContent"/>, only their presence.
    /// </summary>
    public static async Task<string> BackupDirectoryAsync(string directory, IReadOnlyDictionary<string, string> replacements, CancellationToken cancellationToken, bool jsonContent = true)
    {
        if (!Directory.Exists(directory))
        {
            return "backup: absent\n";
        }

        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Normalize(Path.GetRelativePath(directory, file), replacements);
            string digest;
            if (file.EndsWith(".json", StringComparison.Ordinal) && !jsonContent)
            {
                // Records of engine objects (ids, creation times) differ between any two nodes: only their presence counts.
                digest = "json";
            }
            else if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                var node = JsonNode.Parse(Normalize(await File.ReadAllTextAsync(file, cancellationToken), replacements));
                Strip(node);
                digest = "json " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")))[..16];
            }
            else
            {
                digest = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, cancellationToken)));
            }

            text.Append("backup/").Append(relative).Append(": ").AppendLine(digest);
        }

        return text.ToString();
    }

    /// <summary>Lists files in <paramref name="directory"/> that are none of <paramref name="expected"/>: downloads, temporary files.</summary>
    public static string Leftovers(string directory, IEnumerable<string> expected, IReadOnlyDictionary<string, string> replacements)
    {
        var known = new HashSet<string>(expected.Select(Path.GetFileName)!, StringComparer.Ordinal);
        var stray = Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => !known.Contains(n!)).Order(StringComparer.Ordinal).ToList()
            : [];
        return stray.Count == 0 ? string.Empty : $"leftovers in {Normalize(directory, replacements)}: {string.Join(", ", stray.Select(s => Normalize(s!, replacements)))}\n";
    }

    public static string Normalize(string text, IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements.OrderByDescending(pair => pair.Key.Length))
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    var lower = key.ToLowerInvariant();
                    if (lower.Contains("created", StringComparison.Ordinal) || lower.Contains("time", StringComparison.Ordinal) || lower is "id" or "upgrade_id" or "upgradeid" or "pid" or "started_at" or "startedat" or "finished_at" or "finishedat" or "hostname" or "hostnamepath" or "hostspath" or "resolvconfpath" or "logpath")
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Strip(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }
}
