using Upgrade.Analyzers.Tests.Verifiers;
using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.ActionNameMustBeConstantSnakeCaseAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class ActionNameMustBeConstantSnakeCaseTests
{
    private const string Members = """
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("InstallArtifact")]
    [InlineData("install-artifact")]
    [InlineData("install__artifact")]
    [InlineData("_install")]
    [InlineData("install_")]
    [InlineData("2install")]
    [InlineData("install artifact")]
    [InlineData("")]
    public async Task Name_NotSnakeCase_Triggers(string name)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string Name => {|#0:"{{name}}"|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", $", not \"{name}\""));
    }

    [Fact]
    public async Task Name_ComputedAtRunTime_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private static readonly string ActionName = "install_artifact";
                public string Name => {|#0:ActionName|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Name_InterpolatedFromState_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact(string suffix) : IUpgradeAction
            {
                public string Name => {|#0:$"install_{suffix}"|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Name_AutoPropertyAssignedInConstructor_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public InstallArtifact(string name) => Name = name;
                public string {|#0:Name|} { get; }
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Name_GetterWithSeveralStatements_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string {|#0:Name|}
                {
                    get
                    {
                        var name = "install_artifact";
                        return name;
                    }
                }
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not a value computed at run time"));
    }

    [Fact]
    public async Task Name_OverrideInDerivedAction_Triggers()
    {
        var source = $$"""
            public abstract class ActionBase : IUpgradeAction
            {
                public abstract string Name { get; }
            {{Members}}
            }

            public sealed class InstallArtifact : ActionBase
            {
                public override string Name => {|#0:"Install"|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase)
                .WithLocation(0)
                .WithArguments("InstallArtifact", ", not \"Install\""));
    }

    [Theory]
    [InlineData("install_artifact")]
    [InlineData("a")]
    [InlineData("step2")]
    [InlineData("v2_migrate_state")]
    public async Task Name_SnakeCaseLiteral_DoesNotTrigger(string name)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string Name => "{{name}}";
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Name_ConstantFieldGetterBlockOrInitializer_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private const string ActionName = "install_artifact";
                public string Name => ActionName;
            {{Members}}
            }

            public sealed class StopService : IUpgradeAction
            {
                public string Name { get { return "stop_service"; } }
            {{Members}}
            }

            public sealed class StartService : IUpgradeAction
            {
                public string Name { get; } = "start_service";
            {{Members}}
            }

            public sealed class WriteConfig : IUpgradeAction
            {
                string IUpgradeAction.Name => "write_" + "config";
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Name_OnTypeThatIsNotAnAction_DoesNotTrigger()
    {
        var source = """
            public sealed class Installer
            {
                public string Name => "Not an action";
                public TimeSpan Timeout => TimeSpan.Zero;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
