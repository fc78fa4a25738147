using Microsoft.Extensions.Options;

namespace Upgrade.Orchestration;

/// <summary>Validates the data annotations of <see cref="MaintenanceCleanupOptions"/> without reflection.</summary>
[OptionsValidator]
internal sealed partial class MaintenanceCleanupOptionsValidator : IValidateOptions<MaintenanceCleanupOptions>
{
}
