using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Docker;

/// <summary>Runs both validators of <see cref="DockerRuntimeOptions"/> for code paths that do not go through DI.</summary>
internal static class DockerRuntimeOptionsValidation
{
    public static ValidateOptionsResult Validate(DockerRuntimeOptions options)
    {
        var failures = new List<string>();
        foreach (var result in new[]
                 {
                     new DockerRuntimeOptionsValidator().Validate(Options.DefaultName, options),
                     new DockerRuntimeOptionsCustomValidator().Validate(Options.DefaultName, options),
                 })
        {
            if (result.Failed)
            {
                failures.AddRange(result.Failures ?? []);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(DockerRuntimeOptions options)
    {
        var result = Validate(options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DockerRuntimeOptions), result.Failures ?? []);
        }
    }
}
