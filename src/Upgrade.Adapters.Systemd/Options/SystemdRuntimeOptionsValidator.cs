using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Systemd;

/// <summary>Validates the DataAnnotations of <see cref="SystemdRuntimeOptions"/> without reflection.</summary>
[OptionsValidator]
internal sealed partial class SystemdRuntimeOptionsValidator : IValidateOptions<SystemdRuntimeOptions>
{
}
