using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Systemd;

/// <summary>Runs both validators of <see cref="SystemdRuntimeOptions"/> for code paths that bypass dependency injection.</summary>
internal static class SystemdRuntimeOptionsValidation
{
    /// <summary>Throws one exception that lists every error in <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(SystemdRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Collect(new SystemdRuntimeOptionsValidator().Validate(Options.DefaultName, options), failures);
        Collect(new SystemdRuntimeOptionsCustomValidator().Validate(Options.DefaultName, options), failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SystemdRuntimeOptions), failures);
        }
    }

    private static void Collect(ValidateOptionsResult result, List<string> failures)
    {
        if (result.Failed && result.Failures is { } list)
        {
            failures.AddRange(list);
        }
    }
}
