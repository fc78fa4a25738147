using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.IsAlreadyDoneMustOnlyObserveAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class IsAlreadyDoneMustOnlyObserveTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("runtime.StartAsync(cancellationToken)", "StartAsync")]
    [InlineData("runtime.StopAsync(cancellationToken)", "StopAsync")]
    [InlineData("runtime.RestartAsync(cancellationToken)", "RestartAsync")]
    [InlineData("runtime.AcquireArtifactAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken)", "AcquireArtifactAsync")]
    [InlineData("runtime.DiscardArtifactAsync(runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget), cancellationToken)", "DiscardArtifactAsync")]
    [InlineData("runtime.InstallArtifactAsync(runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget), parameters.InstallTarget, cancellationToken)", "InstallArtifactAsync")]
    [InlineData("runtime.WriteConfigAsync(\"/etc/node.conf\", ReadOnlyMemory<byte>.Empty, cancellationToken)", "WriteConfigAsync")]
    [InlineData("runtime.ReloadDaemonAsync(cancellationToken)", "ReloadDaemonAsync")]
    [InlineData("runtime.BackupStateAsync(null!, cancellationToken)", "BackupStateAsync")]
    [InlineData("runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.All, cancellationToken)", "RestoreStateAsync")]
    public async Task IsAlreadyDoneAsync_CallsMutatingMember_Triggers(string call, string member)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await {|#0:{{call}}|}.ConfigureAwait(false);
                    return true;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve)
                .WithLocation(0)
                .WithArguments("InstallArtifact", member));
    }

    [Fact]
    public async Task IsAlreadyDoneAsync_MutatesInLambdaOrThroughMethodGroup_Triggers()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    Func<Task> restart = () => {|#0:runtime.RestartAsync(cancellationToken)|};
                    Func<CancellationToken, Task> stop = {|#1:runtime.StopAsync|};
                    await restart().ConfigureAwait(false);
                    await stop(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve).WithLocation(0).WithArguments("InstallArtifact", "RestartAsync"),
            Verify.Diagnostic(Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve).WithLocation(1).WithArguments("InstallArtifact", "StopAsync"));
    }

    [Fact]
    public async Task IsAlreadyDoneAsync_CallsMutatingMemberOfConcreteAdapter_Triggers()
    {
        var source = $$"""
            public abstract class SystemdAdapter : IRuntimeAdapter
            {
                public abstract string ServiceName { get; }
                public abstract Task StartAsync(CancellationToken cancellationToken);
                public abstract Task StopAsync(CancellationToken cancellationToken);
                public abstract Task RestartAsync(CancellationToken cancellationToken);
                public abstract Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken);
                public abstract ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target);
                public abstract Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken);
                public abstract Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken);
                public abstract Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken);
                public abstract Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken);
                public abstract Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken);
                public abstract Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken);
                public abstract Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken);
                public abstract Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken);
                public abstract Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken);
                public abstract Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
                public abstract Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken);
                public abstract Task ReloadDaemonAsync(CancellationToken cancellationToken);
            }

            public sealed class ReloadUnits(SystemdAdapter systemd) : IUpgradeAction
            {
            {{Members}}
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await {|#0:systemd.ReloadDaemonAsync(cancellationToken)|}.ConfigureAwait(false);
                    return true;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve)
                .WithLocation(0)
                .WithArguments("ReloadUnits", "ReloadDaemonAsync"));
    }

    [Fact]
    public async Task IsAlreadyDoneAsync_CallsQueryMembers_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var status = await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                    var handle = runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget);
                    await runtime.VerifyArtifactAsync(handle, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);
                    return await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false)
                        && await runtime.IsBackedUpAsync(parameters.BackupDirectory, cancellationToken).ConfigureAwait(false)
                        && await runtime.IsConfigWrittenAsync("/etc/node.conf", "sha256:00", cancellationToken).ConfigureAwait(false)
                        && await runtime.IsArtifactAcquiredAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken).ConfigureAwait(false)
                        && status is not null;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MutatingMembers_CalledFromOtherActionMethodsOrNonActions_DoNotTrigger()
    {
        var source = """
            public sealed class StartService : IUpgradeAction
            {
                public string Name => "start_service";
                public TimeSpan Timeout => TimeSpan.FromSeconds(30);
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    (await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false)) is not null;
                public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
            }

            public sealed class Checker
            {
                public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
