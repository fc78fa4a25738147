using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.FileSystem;

/// <summary>Validates the DataAnnotations of <see cref="FileSystemRuntimeOptions"/> without reflection.</summary>
[OptionsValidator]
internal sealed partial class FileSystemRuntimeOptionsValidator : IValidateOptions<FileSystemRuntimeOptions>
{
}
