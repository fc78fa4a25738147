using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ControlPlane.Options;

/// <summary>Validates the data annotations of <see cref="ControlPlaneOptions"/> and its nested settings at startup.</summary>
[OptionsValidator]
internal sealed partial class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>;
