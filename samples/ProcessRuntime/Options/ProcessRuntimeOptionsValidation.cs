using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>Runs both validators of <see cref="ProcessRuntimeOptions"/> for code paths that bypass dependency injection.</summary>
internal static class ProcessRuntimeOptionsValidation
{
    /// <summary>Throws one exception that lists every error in <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(ProcessRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Collect(new ProcessRuntimeOptionsValidator().Validate(Options.DefaultName, options), failures);
        Collect(new ProcessRuntimeOptionsCustomValidator().Validate(Options.DefaultName, options), failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProcessRuntimeOptions), failures);
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
