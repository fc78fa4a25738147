using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.CompensationMustUndoTheActionAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class CompensationMustUndoTheActionTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
        """;

    private const string Signature = "Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)";

    [Theory]
    [InlineData("=> Task.CompletedTask;")]
    [InlineData("{ return Task.CompletedTask; }")]
    [InlineData("{ return default; }")]
    [InlineData("{ cancellationToken.ThrowIfCancellationRequested(); return Task.CompletedTask; }")]
    [InlineData("=> Task.FromCanceled(cancellationToken);")]
    public async Task CompensateAsync_ReturnsCompletedTask_Triggers(string body)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public {{Signature.Replace("CompensateAsync", "{|#0:CompensateAsync|}")}} {{body}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG003_CompensationMustUndoTheAction)
                .WithLocation(0)
                .WithArguments("InstallArtifact", "does nothing"));
    }

    [Theory]
    [InlineData("{ }")]
    [InlineData("{ await Task.CompletedTask; }")]
    [InlineData("{ await Task.Yield(); return; }")]
    public async Task CompensateAsync_AsyncWithEmptyBody_Triggers(string body)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async {{Signature.Replace("CompensateAsync", "{|#0:CompensateAsync|}")}} {{body}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG003_CompensationMustUndoTheAction)
                .WithLocation(0)
                .WithArguments("InstallArtifact", "does nothing"));
    }

    [Fact]
    public async Task CompensateAsync_ThrowsNotImplementedException_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public {{Signature}} => {|#0:throw new NotImplementedException()|};
            }

            public sealed class StopService : IUpgradeAction
            {
            {{Members}}
                public async {{Signature}}
                {
                    if (parameters.SourceVersion is null)
                    {
                        {|#1:throw new NotImplementedException("later");|}
                    }

                    await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG003_CompensationMustUndoTheAction)
                .WithLocation(0)
                .WithArguments("InstallArtifact", "throws NotImplementedException"),
            Verify.Diagnostic(Descriptors.UPG003_CompensationMustUndoTheAction)
                .WithLocation(1)
                .WithArguments("StopService", "throws NotImplementedException"));
    }

    [Fact]
    public async Task CompensateAsync_EmptyExplicitImplementation_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                Task IUpgradeAction.{|#0:CompensateAsync|}(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG003_CompensationMustUndoTheAction)
                .WithLocation(0)
                .WithArguments("InstallArtifact", "does nothing"));
    }

    [Fact]
    public async Task CompensateAsync_EmptyWithNoCompensation_DoesNotTrigger()
    {
        var source = $$"""
            [NoCompensation("Verifying the checksum changes nothing on the node.")]
            public sealed class VerifyArtifact : IUpgradeAction
            {
            {{Members}}
                public {{Signature}} => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CompensateAsync_UndoesTheAction_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class StartService : IUpgradeAction
            {
            {{Members}}
                public {{Signature}} => runtime.StopAsync(cancellationToken);
            }

            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async {{Signature}}
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.Artifact, cancellationToken).ConfigureAwait(false);
                }
            }

            public sealed class WriteConfig : IUpgradeAction
            {
            {{Members}}
                public {{Signature}} => throw new NotSupportedException("Configuration is restored by restore_backup.");
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CompensateAsync_AbstractOrOnNonAction_DoesNotTrigger()
    {
        var source = $$"""
            public abstract class ActionBase : IUpgradeAction
            {
            {{Members}}
                public abstract {{Signature}};
            }

            public sealed class Helper
            {
                public {{Signature}} => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ExecuteAsync_ThrowsNotImplementedException_DoesNotTrigger()
    {
        var source = """
            public sealed class InstallArtifact : IUpgradeAction
            {
                public string Name => "install_artifact";
                public TimeSpan Timeout => TimeSpan.FromSeconds(30);
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => throw new NotImplementedException();
                public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
                public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
