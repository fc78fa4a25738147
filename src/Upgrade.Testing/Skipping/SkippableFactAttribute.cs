using Xunit;
using Xunit.Sdk;

namespace Upgrade.Testing;

/// <summary>A fact that reports itself as skipped when it throws <see cref="ConformanceSkipException"/>.</summary>
[XunitTestCaseDiscoverer("Upgrade.Testing.SkippableFactDiscoverer", "Upgrade.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SkippableFactAttribute : FactAttribute
{
}
