using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Runs both validators of <see cref="FileSystemRuntimeOptions"/> for code paths that bypass dependency injection.</summary>
internal static class FileSystemRuntimeOptionsValidation
{
    /// <summary>Throws one exception that lists every error of the file-side options in <paramref name="options"/>.</summary>
    public static void ThrowIfInvalid(FileSystemRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The generated validator names fields after the options name it is given: use the concrete type's name, so
        // that messages read as the options class the caller actually configured.
        var typeName = options.GetType().Name;
        var failures = new List<string>();
        Collect(new FileSystemRuntimeOptionsValidator().Validate(typeName, options), failures);
        Collect(new FileSystemRuntimeOptionsCustomValidator<FileSystemRuntimeOptions>().Validate(typeName, options), failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, options.GetType(), failures);
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
