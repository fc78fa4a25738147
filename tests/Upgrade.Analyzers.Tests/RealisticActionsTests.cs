using Microsoft.CodeAnalysis.Testing;
using Upgrade.Analyzers.Tests.Verifiers;

namespace Upgrade.Analyzers.Tests;

/// <summary>Every analyzer together, over actions written the way the SDK's own actions are.</summary>
public sealed class RealisticActionsTests
{
    private const string Actions = """
        namespace Upgrade.Executor.Actions;

        internal static class ActionTimeouts
        {
            public static readonly TimeSpan Health = TimeSpan.FromMinutes(2);
        }

        internal sealed class AcquireArtifactAction : IUpgradeAction
        {
            public string Name => "acquire_artifact";

            public TimeSpan Timeout => TimeSpan.FromMinutes(5);

            public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                ArgumentNullException.ThrowIfNull(runtime);
                ArgumentNullException.ThrowIfNull(parameters);
                await runtime.AcquireArtifactAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken).ConfigureAwait(false);
            }

            public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                await runtime.IsArtifactAcquiredAsync(parameters.Artifact, parameters.InstallTarget, cancellationToken).ConfigureAwait(false);

            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                runtime.DiscardArtifactAsync(runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget), cancellationToken);
        }

        internal sealed class InstallArtifactAction : IUpgradeAction
        {
            public string Name => "install_artifact";

            public TimeSpan Timeout => TimeSpan.FromSeconds(30);

            public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                var handle = runtime.GetArtifactHandle(parameters.Artifact, parameters.InstallTarget);
                await runtime.VerifyArtifactAsync(handle, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);
                await runtime.InstallArtifactAsync(handle, parameters.InstallTarget, cancellationToken).ConfigureAwait(false);
            }

            public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken).ConfigureAwait(false);

            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.Artifact, cancellationToken);
        }

        internal sealed class WriteConfigsAction : IUpgradeAction
        {
            public string Name => "write_configs";

            public TimeSpan Timeout => TimeSpan.FromSeconds(30);

            public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                foreach (var file in parameters.ConfigFiles)
                {
                    await runtime.WriteConfigAsync(file.Path, file.Content, cancellationToken).ConfigureAwait(false);
                }
            }

            public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                foreach (var file in parameters.ConfigFiles)
                {
                    if (!await runtime.IsConfigWrittenAsync(file.Path, file.Checksum, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }

                return true;
            }

            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                runtime.RestoreStateAsync(parameters.BackupDirectory, RestoreScope.Configs, cancellationToken);
        }

        [NoCompensation("Waiting for the service to report healthy changes nothing on the node.")]
        internal sealed class WaitHealthyAction : IUpgradeAction
        {
            private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
            private readonly TimeProvider _timeProvider;

            public WaitHealthyAction(TimeProvider timeProvider)
            {
                ArgumentNullException.ThrowIfNull(timeProvider);
                _timeProvider = timeProvider;
            }

            public string Name => "wait_healthy";

            public TimeSpan Timeout => ActionTimeouts.Health;

            public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                var started = _timeProvider.GetTimestamp();
                while (!await IsAlreadyDoneAsync(runtime, parameters, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Delay(PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                _ = _timeProvider.GetElapsedTime(started);
            }

            public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                var status = await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                return status is not null;
            }

            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                Task.CompletedTask;
        }

        internal sealed class StopServiceAction : IUpgradeAction
        {
            public string Name => "stop_service";

            public TimeSpan Timeout => new(0, 1, 0);

            public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                runtime.StopAsync(cancellationToken);

            public async ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var status = await runtime.GetStatusAsync(linked.Token).ConfigureAwait(false);
                return status is null;
            }

            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                runtime.StartAsync(cancellationToken);
        }
        """;

    [Fact]
    public async Task AllAnalyzers_SdkStyleActions_ReportNothing()
    {
        AllAnalyzersVerifier.Analyzers.Length.ShouldBe(9);
        await AllAnalyzersVerifier.VerifyAnalyzersAsync(Actions);
    }

    [Fact]
    public async Task AllAnalyzers_SdkStyleActionsWithOneMistakeEach_ReportEachMistakeOnce()
    {
        var broken = Actions
            .Replace("\"acquire_artifact\"", "{|#0:\"AcquireArtifact\"|}")
            .Replace("public TimeSpan Timeout => new(0, 1, 0);", "public TimeSpan Timeout => {|#1:new(0, 0, 0)|};")
            .Replace(
                "[NoCompensation(\"Waiting for the service to report healthy changes nothing on the node.\")]\n",
                string.Empty)
            .Replace("public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>\n        Task.CompletedTask;", "public Task {|#2:CompensateAsync|}(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>\n        Task.CompletedTask;")
            .Replace("await runtime.IsArtifactInstalledAsync(parameters.InstallTarget, parameters.Artifact.Checksum, cancellationToken)", "await {|#3:runtime.StopAsync(cancellationToken)|}.ContinueWith(_ => true, cancellationToken)")
            .Replace("await Task.Delay(PollInterval, _timeProvider, cancellationToken)", "await {|#4:Task.Delay(PollInterval, _timeProvider)|}")
            .Replace(
                "CancellationToken cancellationToken) =>\n        runtime.StopAsync(cancellationToken);\n\n    public async",
                "CancellationToken cancellationToken)\n    {\n        {|#5:runtime.StopAsync(cancellationToken).Wait(cancellationToken)|};\n        return Task.CompletedTask;\n    }\n\n    public async")
            .Replace("private readonly TimeProvider _timeProvider;", "private TimeProvider {|#6:_timeProvider|};")
            .Replace("var started = _timeProvider.GetTimestamp();", "var started = {|#7:DateTime.UtcNow|};")
            .Replace("_ = _timeProvider.GetElapsedTime(started);", "_ = started;")
            .Replace("\"write_configs\"", "{|#8:\"install_artifact\"|}")
            .Replace("public string Name => \"install_artifact\";", "public string Name => {|#9:\"install_artifact\"|};");

        await AllAnalyzersVerifier.VerifyAnalyzersAsync(
            broken,
            new DiagnosticResult(Descriptors.UPG001_ActionNameMustBeConstantSnakeCase).WithLocation(0)
                .WithArguments("AcquireArtifactAction", ", not \"AcquireArtifact\""),
            new DiagnosticResult(Descriptors.UPG002_ActionTimeoutMustBeConstantPositive).WithLocation(1)
                .WithArguments("StopServiceAction", ", not zero or a negative duration"),
            new DiagnosticResult(Descriptors.UPG003_CompensationMustUndoTheAction).WithLocation(2)
                .WithArguments("WaitHealthyAction", "does nothing"),
            new DiagnosticResult(Descriptors.UPG004_IsAlreadyDoneMustOnlyObserve).WithLocation(3)
                .WithArguments("InstallArtifactAction", "StopAsync"),
            new DiagnosticResult(Descriptors.UPG005_PassTheCancellationToken).WithLocation(4)
                .WithArguments("'Task.Delay' has an overload that takes a CancellationToken"),
            new DiagnosticResult(Descriptors.UPG006_DoNotBlockInActions).WithLocation(5)
                .WithArguments("Task.Wait", "StopServiceAction"),
            new DiagnosticResult(Descriptors.UPG007_ActionsMustBeStateless).WithLocation(6)
                .WithArguments("WaitHealthyAction", "_timeProvider"),
            new DiagnosticResult(Descriptors.UPG008_DoNotReadTheWallClock).WithLocation(7)
                .WithArguments("DateTime.UtcNow", "WaitHealthyAction"),
            new DiagnosticResult(Descriptors.UPG009_ActionNameMustBeUnique).WithLocation(8)
                .WithArguments("install_artifact", "WriteConfigsAction", "'Upgrade.Executor.Actions.InstallArtifactAction'"),
            new DiagnosticResult(Descriptors.UPG009_ActionNameMustBeUnique).WithLocation(9)
                .WithArguments("install_artifact", "InstallArtifactAction", "'Upgrade.Executor.Actions.WriteConfigsAction'"));
    }
}
