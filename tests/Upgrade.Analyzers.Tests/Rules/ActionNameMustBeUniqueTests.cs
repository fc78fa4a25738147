using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.ActionNameMustBeUniqueAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class ActionNameMustBeUniqueTests
{
    private const string Members = """
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Fact]
    public async Task Name_SharedByTwoActions_TriggersOnBoth()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string Name => {|#0:"install_artifact"|};
            {{Members}}
            }

            public sealed class InstallImage : IUpgradeAction
            {
                private const string ActionName = "install_artifact";
                public string Name => {|#1:ActionName|};
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG009_ActionNameMustBeUnique)
                .WithLocation(0)
                .WithArguments("install_artifact", "InstallArtifact", "'InstallImage'"),
            Verify.Diagnostic(Descriptors.UPG009_ActionNameMustBeUnique)
                .WithLocation(1)
                .WithArguments("install_artifact", "InstallImage", "'InstallArtifact'"));
    }

    [Fact]
    public async Task Name_SharedByThreeActionsInTwoFiles_ListsTheOthers()
    {
        var first = $$"""
            public sealed class StopService : IUpgradeAction
            {
                public string Name => {|#0:"stop_service"|};
            {{Members}}
            }
            """;
        var second = $$"""
            namespace Other
            {
                public sealed class StopContainer : IUpgradeAction
                {
                    public string Name => {|#1:"stop_service"|};
                {{Members}}
                }

                public sealed class StopUnit : IUpgradeAction
                {
                    string IUpgradeAction.Name => {|#2:"stop_service"|};
                {{Members}}
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            [first, second],
            Verify.Diagnostic(Descriptors.UPG009_ActionNameMustBeUnique)
                .WithLocation(0)
                .WithArguments("stop_service", "StopService", "'Other.StopContainer', 'Other.StopUnit'"),
            Verify.Diagnostic(Descriptors.UPG009_ActionNameMustBeUnique)
                .WithLocation(1)
                .WithArguments("stop_service", "StopContainer", "'Other.StopUnit', 'StopService'"),
            Verify.Diagnostic(Descriptors.UPG009_ActionNameMustBeUnique)
                .WithLocation(2)
                .WithArguments("stop_service", "StopUnit", "'Other.StopContainer', 'StopService'"));
    }

    [Fact]
    public async Task Name_DistinctNamesOrSharedWithNonAction_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string Name => "install_artifact";
            {{Members}}
            }

            public sealed class InstallArtifacts : IUpgradeAction
            {
                public string Name => "install_artifacts";
            {{Members}}
            }

            public sealed class ArtifactInstaller
            {
                public string Name => "install_artifact";
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Name_OfPartialActionDeclaredOnce_DoesNotTrigger()
    {
        var source = $$"""
            public sealed partial class InstallArtifact : IUpgradeAction
            {
                public string Name => "install_artifact";
            }

            public sealed partial class InstallArtifact
            {
            {{Members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
