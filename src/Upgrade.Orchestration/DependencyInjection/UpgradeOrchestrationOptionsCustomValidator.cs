using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>Validates the rules of <see cref="UpgradeOrchestrationOptions"/> that span fields or need more than attributes.</summary>
internal sealed class UpgradeOrchestrationOptionsCustomValidator : IValidateOptions<UpgradeOrchestrationOptions>
{
    public ValidateOptionsResult Validate(string? name, UpgradeOrchestrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.ConfigDirectory is not null && string.IsNullOrWhiteSpace(options.ConfigDirectory))
        {
            builder.AddError("The config directory must be null (auto mode unavailable) or a directory path, not blank.", nameof(options.ConfigDirectory));
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            builder.AddError("The database path must not be blank.", nameof(options.DatabasePath));
        }

        if (options.UpgradeRetryDelay >= options.UpgradeTimeout)
        {
            builder.AddError(
                $"The retry delay must be shorter than the upgrade timeout. Retry delay: {options.UpgradeRetryDelay.TotalSeconds}s, upgrade timeout: {options.UpgradeTimeout.TotalSeconds}s.",
                nameof(options.UpgradeRetryDelay));
        }

        return builder.Build();
    }
}
