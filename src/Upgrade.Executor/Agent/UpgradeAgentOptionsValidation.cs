using Microsoft.Extensions.Options;

namespace Upgrade.Executor;

/// <summary>Validates <see cref="UpgradeAgentOptions"/> from their attributes, without reflection.</summary>
[OptionsValidator]
internal sealed partial class UpgradeAgentOptionsValidator : IValidateOptions<UpgradeAgentOptions>
{
}

/// <summary>Validates agent options on code paths that bypass the validation of DI.</summary>
internal static class UpgradeAgentOptionsValidation
{
    public static void ThrowIfInvalid(UpgradeAgentOptions options)
    {
        var result = new UpgradeAgentOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(result);
        if (!string.IsNullOrEmpty(options.DataDirectory) && !Path.IsPathFullyQualified(options.DataDirectory))
        {
            builder.AddError("must be an absolute path", nameof(UpgradeAgentOptions.DataDirectory));
        }

        if (!string.IsNullOrEmpty(options.RootDirectory) && !Path.IsPathFullyQualified(options.RootDirectory))
        {
            builder.AddError("must be an absolute path", nameof(UpgradeAgentOptions.RootDirectory));
        }

        for (var i = 0; i < options.AllowedConfigRoots.Count; i++)
        {
            if (string.IsNullOrEmpty(options.AllowedConfigRoots[i]) || !Path.IsPathFullyQualified(options.AllowedConfigRoots[i]))
            {
                builder.AddError($"the root at index {i} must be an absolute path", nameof(UpgradeAgentOptions.AllowedConfigRoots));
            }
        }

        var combined = builder.Build();
        if (combined.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(UpgradeAgentOptions), combined.Failures);
        }
    }
}
