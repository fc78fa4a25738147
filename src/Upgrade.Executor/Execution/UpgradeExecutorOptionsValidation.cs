using Microsoft.Extensions.Options;

namespace Upgrade.Executor;

/// <summary>Validates <see cref="UpgradeExecutorOptions"/> from their attributes, without reflection.</summary>
[OptionsValidator]
internal sealed partial class UpgradeExecutorOptionsValidator : IValidateOptions<UpgradeExecutorOptions>
{
}

/// <summary>Validates executor options on code paths that bypass the validation of DI.</summary>
internal static class UpgradeExecutorOptionsValidation
{
    public static void ThrowIfInvalid(UpgradeExecutorOptions options)
    {
        var result = new UpgradeExecutorOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(UpgradeExecutorOptions), result.Failures);
        }
    }
}
