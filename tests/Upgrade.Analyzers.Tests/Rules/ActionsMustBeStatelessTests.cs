using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.ActionsMustBeStatelessAnalyzer>;
using VerifyFix = Upgrade.Analyzers.Tests.Verifiers.CodeFixVerifier<Upgrade.Analyzers.ActionsMustBeStatelessAnalyzer, Upgrade.Analyzers.MakeFieldReadOnlyFix>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class ActionsMustBeStatelessTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Fact]
    public async Task Field_NotReadOnly_TriggersAndFixes()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private int {|#0:_attempts|};
                private TimeProvider {|#1:_timeProvider|} = TimeProvider.System;

                // Counts calls.
                int {|#2:_calls|};
                internal static int s_shared, s_other;
            {{Members}}
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private readonly int _attempts;
                private readonly TimeProvider _timeProvider = TimeProvider.System;

                // Counts calls.
                readonly int _calls;
                internal static int s_shared, s_other;
            {{Members}}
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(0).WithArguments("InstallArtifact", "_attempts"),
            VerifyFix.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(1).WithArguments("InstallArtifact", "_timeProvider"),
            VerifyFix.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(2).WithArguments("InstallArtifact", "_calls"));
    }

    [Fact]
    public async Task FieldDeclarationWithSeveralVariables_TriggersOnEachAndFixesOnce()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                protected internal bool {|#0:_started|}, {|#1:_stopped|};
            {{Members}}
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                protected internal readonly bool _started, _stopped;
            {{Members}}
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(0).WithArguments("InstallArtifact", "_started"),
            VerifyFix.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(1).WithArguments("InstallArtifact", "_stopped"));
    }

    [Fact]
    public async Task Property_Settable_TriggersWithoutAFieldFix()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string {|#0:Target|} { get; set; } = "";
                public int {|#1:Attempts|} { get; private set; }
                private string {|#3:_checksum|} = "";
                public string {|#2:Checksum|} { get => _checksum; set => _checksum = value; }
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(0).WithArguments("InstallArtifact", "Target"),
            Verify.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(1).WithArguments("InstallArtifact", "Attempts"),
            Verify.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(2).WithArguments("InstallArtifact", "Checksum"),
            Verify.Diagnostic(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(3).WithArguments("InstallArtifact", "_checksum"));
    }

    [Fact]
    public async Task ImmutableMembers_DoNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private const int MaxAttempts = 3;
                private static int s_instances;
                private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
                private readonly TimeProvider _timeProvider;

                public InstallArtifact(TimeProvider timeProvider)
                {
                    _timeProvider = timeProvider;
                    s_instances++;
                }

                public string Target { get; init; } = "";
                public int Attempts { get; } = MaxAttempts;
                public TimeProvider Clock => _timeProvider;
                public static int Instances { get => s_instances; set => s_instances = value; }
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MutableState_OutsideActions_DoesNotTrigger()
    {
        var source = """
            public sealed class Counter
            {
                private int _count;
                public int Count { get => _count; set => _count = value; }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
