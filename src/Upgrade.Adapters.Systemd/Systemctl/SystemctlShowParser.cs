using System.Globalization;

namespace Upgrade.Adapters.Systemd;

/// <summary>Parses the <c>Key=Value</c> lines that <c>systemctl show --property=...</c> prints.</summary>
internal static class SystemctlShowParser
{
    /// <summary>Parses the output of <c>systemctl show</c> for one unit.</summary>
    /// <exception cref="RuntimeOperationException">A numeric property does not hold a number.</exception>
    public static UnitState Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            // The first occurrence wins: systemctl prints each requested property once per unit.
            values.TryAdd(line[..separator], line[(separator + 1)..]);
        }

        return new UnitState
        {
            LoadState = values.GetValueOrDefault("LoadState", string.Empty),
            ActiveState = values.GetValueOrDefault("ActiveState", string.Empty),
            SubState = values.GetValueOrDefault("SubState", string.Empty),
            Result = values.GetValueOrDefault("Result", string.Empty),
            RestartCount = ParseInteger(values, "NRestarts"),
            MainPid = ParseInteger(values, "MainPID"),
            NeedDaemonReload = string.Equals(values.GetValueOrDefault("NeedDaemonReload"), "yes", StringComparison.Ordinal),
        };
    }

    private static int ParseInteger(Dictionary<string, string> values, string key)
    {
        if (!values.TryGetValue(key, out var text) || text.Length == 0 || text.StartsWith('['))
        {
            // Absent, empty, or "[not set]": systemd has no value, which means zero for counters and PIDs.
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new RuntimeOperationException($"systemctl show printed '{key}={text}', which is not a number.");
        }

        return value;
    }
}
