using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Docker;

/// <summary>Validates the data annotations of <see cref="DockerRuntimeOptions"/> without reflection.</summary>
[OptionsValidator]
internal sealed partial class DockerRuntimeOptionsValidator : IValidateOptions<DockerRuntimeOptions>
{
}
