using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.ActionTimeoutMustBeConstantAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class ActionTimeoutMustBeConstantTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("TimeSpan.Zero")]
    [InlineData("TimeSpan.MinValue")]
    [InlineData("default(TimeSpan)")]
    [InlineData("new TimeSpan()")]
    [InlineData("TimeSpan.FromSeconds(0)")]
    [InlineData("TimeSpan.FromSeconds(-5)")]
    [InlineData("TimeSpan.FromMinutes(-0.5)")]
    [InlineData("TimeSpan.FromMinutes(1, -60)")]
    [InlineData("new TimeSpan(0, 0, 0)")]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan")]
    public async Task Timeout_ZeroOrNegative_Triggers(string timeout)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public TimeSpan Timeout => {|#0:{{timeout}}|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG002_ActionTimeoutMustBeConstantPositive)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not zero or a negative duration"));
    }

    [Theory]
    [InlineData("TimeSpan.FromSeconds(_seconds)")]
    [InlineData("TimeSpan.FromSeconds(30) * 2")]
    [InlineData("Computed")]
    [InlineData("Shared")]
    [InlineData("TimeSpan.Parse(\"00:00:30\")")]
    public async Task Timeout_ComputedAtRunTime_Triggers(string timeout)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private static TimeSpan Shared = TimeSpan.FromSeconds(30);
                private readonly int _seconds = 30;
                private static TimeSpan Computed => TimeSpan.FromSeconds(30);
                public TimeSpan Timeout => {|#0:{{timeout}}|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG002_ActionTimeoutMustBeConstantPositive)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Timeout_StaticReadOnlyFieldAssignedInStaticConstructor_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
                static InstallArtifact() => DefaultTimeout = TimeSpan.Zero;
                public TimeSpan Timeout => {|#0:DefaultTimeout|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG002_ActionTimeoutMustBeConstantPositive)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Timeout_AutoPropertyAssignedInConstructor_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public InstallArtifact(TimeSpan timeout) => Timeout = timeout;
                public TimeSpan {|#0:Timeout|} { get; }
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG002_ActionTimeoutMustBeConstantPositive)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Theory]
    [InlineData("TimeSpan.FromSeconds(30)")]
    [InlineData("TimeSpan.FromSeconds(Seconds)")]
    [InlineData("TimeSpan.FromMinutes(2.5)")]
    [InlineData("TimeSpan.FromMilliseconds(500)")]
    [InlineData("TimeSpan.FromSeconds(1, 500)")]
    [InlineData("TimeSpan.FromMinutes(1, -30)")]
    [InlineData("TimeSpan.FromTicks(1)")]
    [InlineData("TimeSpan.FromHours(1)")]
    [InlineData("TimeSpan.FromDays(1)")]
    [InlineData("new TimeSpan(0, 5, 0)")]
    [InlineData("new TimeSpan(10_000)")]
    [InlineData("new TimeSpan(1, 0, 0, 0, 0)")]
    [InlineData("DefaultTimeout")]
    [InlineData("ChainedTimeout")]
    [InlineData("TimeSpan.MaxValue")]
    public async Task Timeout_ConstantPositive_DoesNotTrigger(string timeout)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private const int Seconds = 30;
                private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(Seconds);
                private static readonly TimeSpan ChainedTimeout = DefaultTimeout;
                public TimeSpan Timeout => {{timeout}};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Timeout_GetterBlockInitializerOrExplicit_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class StopService : IUpgradeAction
            {
                public TimeSpan Timeout { get { return TimeSpan.FromSeconds(10); } }
            {{Members}}
            }

            public sealed class StartService : IUpgradeAction
            {
                public TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);
            {{Members}}
            }

            public sealed class WriteConfig : IUpgradeAction
            {
                TimeSpan IUpgradeAction.Timeout => TimeSpan.FromSeconds(10);
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Timeout_FieldOfConstantsClassInAnotherFile_DoesNotTrigger()
    {
        var constants = """
            internal static class ActionConstants
            {
                public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
            }
            """;
        var action = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public TimeSpan Timeout => ActionConstants.DefaultTimeout;
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync([constants, action]);
    }

    [Fact]
    public async Task Timeout_OnTypeThatIsNotAnAction_DoesNotTrigger()
    {
        var source = """
            public sealed class Poller
            {
                public TimeSpan Timeout => TimeSpan.Zero;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
