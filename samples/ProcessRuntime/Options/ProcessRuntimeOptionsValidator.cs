using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>
/// Validates the DataAnnotations of <see cref="ProcessRuntimeOptions"/>, including those it inherits from
/// <see cref="Adapters.FileSystem.FileSystemRuntimeOptions"/>, without reflection.
/// </summary>
[OptionsValidator]
internal sealed partial class ProcessRuntimeOptionsValidator : IValidateOptions<ProcessRuntimeOptions>
{
}
