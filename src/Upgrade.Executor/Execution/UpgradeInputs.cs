using System.Security.Cryptography;
using System.Text;

namespace Upgrade.Executor;

/// <summary>
/// A fingerprint of an upgrade's inputs: one short hash per field, so that a reused upgrade id with other inputs is
/// refused with the name of the field that differs, without keeping the inputs (or config content) themselves.
/// </summary>
internal static class UpgradeInputs
{
    private const char FieldSeparator = ';';
    private const char ValueSeparator = '=';

    public static string Fingerprint(IReadOnlyList<IUpgradeAction> actions, ActionParams parameters)
    {
        var fields = new (string Name, string Value)[]
        {
            ("binary_name", parameters.BinaryName),
            ("target_version", parameters.TargetVersion),
            ("artifact_url", parameters.Artifact.Source),
            ("artifact_checksum", parameters.Artifact.Checksum),
            ("install_target", parameters.InstallTarget),
            ("config_files", string.Join('\n', parameters.ConfigFiles.Select(f => f.Path + " " + f.Checksum))),
            ("migration_type", parameters.MigrationType.ToString()),
            ("reverts", (parameters.RevertBackupDirectory ?? string.Empty) + "\n" + string.Join('\n', parameters.RevertConfigPaths)),
            ("actions", string.Join(',', actions.Select(a => a.Name))),
        };

        var builder = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (builder.Length > 0)
            {
                builder.Append(FieldSeparator);
            }

            builder.Append(name).Append(ValueSeparator).Append(ShortHash(value));
        }

        return builder.ToString();
    }

    /// <summary>Returns the first field whose hash differs, or <see langword="null"/> when the fingerprints are equal.</summary>
    public static string? FirstDifference(string stored, string current)
    {
        if (string.Equals(stored, current, StringComparison.Ordinal))
        {
            return null;
        }

        var storedFields = Parse(stored);
        foreach (var (name, hash) in Parse(current))
        {
            if (!storedFields.TryGetValue(name, out var storedHash) || !string.Equals(storedHash, hash, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return "inputs";
    }

    private static Dictionary<string, string> Parse(string fingerprint)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in fingerprint.Split(FieldSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var index = part.IndexOf(ValueSeparator, StringComparison.Ordinal);
            if (index > 0)
            {
                result[part[..index]] = part[(index + 1)..];
            }
        }

        return result;
    }

    private static string ShortHash(string value)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexStringLower(digest[..12]);
    }
}
