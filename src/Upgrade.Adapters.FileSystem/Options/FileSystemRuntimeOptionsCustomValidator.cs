using System.Globalization;
using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.FileSystem;

/// <summary>
/// Validates the rules of <see cref="FileSystemRuntimeOptions"/> that attributes cannot express, for the options class
/// of any adapter derived from <see cref="FileSystemRuntimeAdapter"/>.
/// </summary>
/// <remarks>
/// Register it for your options type next to the <c>[OptionsValidator]</c> of that type, or call it from your own
/// custom validator and add its result with <see cref="ValidateOptionsResultBuilder.AddResult(ValidateOptionsResult)"/>.
/// Every message starts with the name of the field it concerns.
/// </remarks>
/// <typeparam name="TOptions">The adapter's options type.</typeparam>
public sealed class FileSystemRuntimeOptionsCustomValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : FileSystemRuntimeOptions
{
    /// <summary>Validates <paramref name="options"/>.</summary>
    /// <param name="name">The name of the options instance.</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>The result: success, or one failure per broken rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        for (var i = 0; i < options.AllowedConfigRoots.Count; i++)
        {
            var root = options.AllowedConfigRoots[i];
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                builder.AddError(
                    string.Create(CultureInfo.InvariantCulture, $"AllowedConfigRoots: The allowed config root at index {i} ('{root}') is not an absolute path."));
            }
            else if (Path.GetFullPath(root) == Path.GetPathRoot(Path.GetFullPath(root)))
            {
                builder.AddError(
                    string.Create(CultureInfo.InvariantCulture, $"AllowedConfigRoots: The allowed config root at index {i} ('{root}') is the file system root, which would allow every path."));
            }
        }

        if (options.MaxArtifactSizeBytes <= 0)
        {
            builder.AddError(string.Create(CultureInfo.InvariantCulture, $"MaxArtifactSizeBytes: The largest artifact size must be positive, not {options.MaxArtifactSizeBytes}."));
        }

        return builder.Build();
    }
}
