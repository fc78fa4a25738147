using Xunit;
using Xunit.Sdk;

namespace Upgrade.Testing;

/// <summary>A theory whose cases report themselves as skipped when they throw <see cref="ConformanceSkipException"/>.</summary>
[XunitTestCaseDiscoverer("Upgrade.Testing.SkippableTheoryDiscoverer", "Upgrade.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SkippableTheoryAttribute : TheoryAttribute
{
}
