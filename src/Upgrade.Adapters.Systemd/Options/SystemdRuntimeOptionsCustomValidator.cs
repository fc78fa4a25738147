using System.Globalization;
using Microsoft.Extensions.Options;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Adapters.Systemd;

/// <summary>Validates the rules of <see cref="SystemdRuntimeOptions"/> that attributes cannot express.</summary>
internal sealed class SystemdRuntimeOptionsCustomValidator : IValidateOptions<SystemdRuntimeOptions>
{
    private const int MaxUnitNameLength = 255;

    private static readonly FileSystemRuntimeOptionsCustomValidator<SystemdRuntimeOptions> FileSystemRules = new();

    public ValidateOptionsResult Validate(string? name, SystemdRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        if (!string.IsNullOrEmpty(options.UnitName) && !IsValidUnitName(options.UnitName))
        {
            builder.AddError(
                $"UnitName: The unit name '{options.UnitName}' is not a valid systemd unit name: it must be 1 to {MaxUnitNameLength} characters of letters, digits and ':', '_', '.', '\\', '@', '-', and must not start with '-'.");
        }

        if (!string.IsNullOrWhiteSpace(options.SystemctlPath) && options.SystemctlPath.StartsWith('-'))
        {
            builder.AddError("SystemctlPath: The systemctl path must not start with '-'.");
        }

        for (var i = 0; i < options.CommandPrefix.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.CommandPrefix[i]))
            {
                builder.AddError(
                    string.Create(CultureInfo.InvariantCulture, $"CommandPrefix: The command prefix element at index {i} is empty."));
            }
        }

        // The rules of the file-side options this class inherits.
        builder.AddResult(FileSystemRules.Validate(name, options));

        if (options.StatusPollInterval > options.CommandTimeout)
        {
            builder.AddError(
                string.Create(CultureInfo.InvariantCulture, $"StatusPollInterval: The status poll interval must not be longer than the command timeout. Status poll interval: {options.StatusPollInterval.TotalSeconds}s, command timeout: {options.CommandTimeout.TotalSeconds}s."));
        }

        return builder.Build();
    }

    internal static bool IsValidUnitName(string unitName)
    {
        if (unitName.Length is 0 or > MaxUnitNameLength || unitName[0] == '-')
        {
            return false;
        }

        foreach (var c in unitName)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (':' or '_' or '.' or '\\' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
