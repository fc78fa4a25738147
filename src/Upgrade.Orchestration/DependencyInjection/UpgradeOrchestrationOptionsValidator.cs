using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>Validates the data annotations of <see cref="UpgradeOrchestrationOptions"/> without reflection.</summary>
[OptionsValidator]
internal sealed partial class UpgradeOrchestrationOptionsValidator : IValidateOptions<UpgradeOrchestrationOptions>
{
}
