using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.DoNotReadTheWallClockAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class DoNotReadTheWallClockTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("DateTime.Now", "DateTime.Now")]
    [InlineData("DateTime.UtcNow", "DateTime.UtcNow")]
    [InlineData("DateTime.Today", "DateTime.Today")]
    [InlineData("DateTimeOffset.Now", "DateTimeOffset.Now")]
    [InlineData("DateTimeOffset.UtcNow", "DateTimeOffset.UtcNow")]
    [InlineData("Environment.TickCount64", "Environment.TickCount64")]
    [InlineData("System.Diagnostics.Stopwatch.StartNew()", "Stopwatch.StartNew")]
    [InlineData("System.Diagnostics.Stopwatch.GetTimestamp()", "Stopwatch.GetTimestamp")]
    [InlineData("new System.Diagnostics.Stopwatch()", "new Stopwatch()")]
    public async Task ExecuteAsync_ReadsTheClock_Triggers(string read, string display)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var started = {|#0:{{read}}|};
                    return runtime.StartAsync(cancellationToken);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG008_DoNotReadTheWallClock)
                .WithLocation(0)
                .WithArguments(display, "InstallArtifact"));
    }

    [Fact]
    public async Task FieldInitializerAndHelper_ReadTheClock_Trigger()
    {
        var source = $$"""
            using System.Diagnostics;

            public sealed class InstallArtifact : IUpgradeAction
            {
                private readonly DateTime _created = {|#0:DateTime.UtcNow|};
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    runtime.StartAsync(cancellationToken);

                private static TimeSpan Elapsed(long start) => {|#1:Stopwatch.GetElapsedTime(start)|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG008_DoNotReadTheWallClock).WithLocation(0).WithArguments("DateTime.UtcNow", "InstallArtifact"),
            Verify.Diagnostic(Descriptors.UPG008_DoNotReadTheWallClock).WithLocation(1).WithArguments("Stopwatch.GetElapsedTime", "InstallArtifact"));
    }

    [Fact]
    public async Task ExecuteAsync_UsesTheTimeProvider_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact(TimeProvider timeProvider) : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var started = timeProvider.GetTimestamp();
                    var now = timeProvider.GetUtcNow();
                    var epoch = DateTime.MinValue < DateTimeOffset.MaxValue.UtcDateTime;
                    var frequency = System.Diagnostics.Stopwatch.Frequency;
                    await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
                    _ = timeProvider.GetElapsedTime(started) + (now - DateTimeOffset.UnixEpoch);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ClockReads_OutsideActions_DoNotTrigger()
    {
        var source = """
            public static class Clock
            {
                public static DateTime Now() => DateTime.UtcNow;
                public static long Ticks() => System.Diagnostics.Stopwatch.GetTimestamp();
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
