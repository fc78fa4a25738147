using System.Globalization;
using System.Text;

namespace Upgrade.CrashMatrix.ControlPlaneHost;

/// <summary>One mutating runtime call of a node: when, for which upgrade, which step, and its argument.</summary>
public sealed record NodeLogEntry(long Ticks, string UpgradeId, string Step, string Argument);

/// <summary>
/// The append-only log of one node's runtime. Each mutating call is one line, appended in one write: the line is the
/// effect, so a kill leaves either both the effect and its record or neither, and the node's state is read back from it.
/// </summary>
public static class NodeLog
{
    public const string FileName = "runtime.log";

    public static string PathOf(string nodeDirectory) => Path.Combine(nodeDirectory, FileName);

    public static void Append(string nodeDirectory, string upgradeId, string step, string argument)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow.Ticks} {upgradeId} {step} {argument}\n");
        using var stream = new FileStream(PathOf(nodeDirectory), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
    }

    public static IReadOnlyList<NodeLogEntry> Read(string nodeDirectory)
    {
        var path = PathOf(nodeDirectory);
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<NodeLogEntry>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length == 4)
            {
                entries.Add(new NodeLogEntry(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2], parts[3]));
            }
        }

        return entries;
    }
}
