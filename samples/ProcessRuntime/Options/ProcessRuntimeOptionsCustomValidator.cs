using System.Globalization;
using Microsoft.Extensions.Options;
using Upgrade.Adapters.FileSystem;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>Validates the rules of <see cref="ProcessRuntimeOptions"/> that attributes cannot express.</summary>
internal sealed class ProcessRuntimeOptionsCustomValidator : IValidateOptions<ProcessRuntimeOptions>
{
    private const int MaxServiceNameLength = 100;

    private static readonly FileSystemRuntimeOptionsCustomValidator<ProcessRuntimeOptions> FileSystemRules = new();

    public ValidateOptionsResult Validate(string? name, ProcessRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        if (!string.IsNullOrEmpty(options.ServiceName) && !IsValidServiceName(options.ServiceName))
        {
            builder.AddError(
                $"ServiceName: The service name '{options.ServiceName}' is not valid: it must be 1 to {MaxServiceNameLength} characters of letters, digits and '.', '_', '-', and must not start with '.' or '-'.");
        }

        AddIfNotAbsolute(builder, nameof(ProcessRuntimeOptions.ExecutablePath), "executable path", options.ExecutablePath);
        AddIfNotAbsolute(builder, nameof(ProcessRuntimeOptions.WorkingDirectory), "working directory", options.WorkingDirectory);
        AddIfNotAbsolute(builder, nameof(ProcessRuntimeOptions.StateDirectory), "state directory", options.StateDirectory);

        for (var i = 0; i < options.Arguments.Count; i++)
        {
            if (options.Arguments[i] is null || options.Arguments[i].Contains('\0', StringComparison.Ordinal))
            {
                builder.AddError(string.Create(CultureInfo.InvariantCulture, $"Arguments: The argument at index {i} is null or contains a NUL character."));
            }
        }

        foreach (var (variable, value) in options.EnvironmentVariables)
        {
            if (string.IsNullOrEmpty(variable) || variable.Contains('=', StringComparison.Ordinal) || variable.Contains('\0', StringComparison.Ordinal)
                || value is null || value.Contains('\0', StringComparison.Ordinal))
            {
                builder.AddError($"EnvironmentVariables: The variable '{variable}' must have a non-empty name without '=' or NUL, and a value without NUL.");
            }
        }

        // The rules of the file-side options this class inherits.
        builder.AddResult(FileSystemRules.Validate(name, options));

        if (options.StatusPollInterval > options.StopTimeout)
        {
            builder.AddError(
                string.Create(CultureInfo.InvariantCulture, $"StatusPollInterval: The status poll interval must not be longer than the stop timeout. Status poll interval: {options.StatusPollInterval.TotalSeconds}s, stop timeout: {options.StopTimeout.TotalSeconds}s."));
        }

        return builder.Build();
    }

    internal static bool IsValidServiceName(string serviceName)
    {
        if (serviceName.Length is 0 or > MaxServiceNameLength || serviceName[0] is '.' or '-')
        {
            return false;
        }

        foreach (var c in serviceName)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddIfNotAbsolute(ValidateOptionsResultBuilder builder, string field, string description, string? path)
    {
        // A missing required path is reported by the attribute validator; only a present, relative one is reported here.
        if (!string.IsNullOrWhiteSpace(path) && !Path.IsPathFullyQualified(path))
        {
            builder.AddError($"{field}: The {description} '{path}' is not an absolute path.");
        }
    }
}
