using System.Globalization;
using System.Text;

namespace Upgrade.Testing;

/// <summary>
/// Describes files for a node snapshot (<see cref="ConformanceNode.CaptureStateAsync"/>): each file's name, SHA-256 and
/// Unix mode, or <c>absent</c>. Two equal descriptions mean the same bytes and modes.
/// </summary>
public static class FileStateSnapshot
{
    /// <summary>Describes files, one line each, in the order given.</summary>
    /// <param name="paths">The files to describe; missing ones are described as absent.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The description.</returns>
    public static async Task<string> DescribeAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var builder = new StringBuilder();
        foreach (var path in paths)
        {
            builder.Append(Path.GetFileName(path)).Append('=');
            if (File.Exists(path))
            {
                builder.Append(await Sha256Checksum.ComputeFileAsync(path, cancellationToken).ConfigureAwait(false));
                if (!OperatingSystem.IsWindows())
                {
                    builder.Append(" mode=").Append(Convert.ToString((int)File.GetUnixFileMode(path), 8));
                }
            }
            else
            {
                builder.Append("absent");
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }
}
