using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.PassTheCancellationTokenAnalyzer>;
using VerifyFix = Upgrade.Analyzers.Tests.Verifiers.CodeFixVerifier<Upgrade.Analyzers.PassTheCancellationTokenAnalyzer, Upgrade.Analyzers.PassTheCancellationTokenFix>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class PassTheCancellationTokenTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("CancellationToken.None")]
    [InlineData("default")]
    [InlineData("default(CancellationToken)")]
    [InlineData("new CancellationToken()")]
    [InlineData("new CancellationToken(false)")]
    public async Task ExecuteAsync_PassesNoneToken_TriggersAndFixes(string none)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    runtime.StartAsync({|#0:{{none}}|});
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    runtime.StartAsync(cancellationToken);
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments($"'{none}' ignores cancellation"));
    }

    [Fact]
    public async Task ExecuteAsync_CallsOverloadWithoutToken_TriggersAndFixes()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await {|#0:Task.Delay(TimeSpan.FromSeconds(1))|}.ConfigureAwait(false);
                    await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                    await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'Task.Delay' has an overload that takes a CancellationToken"));
    }

    [Fact]
    public async Task ExecuteAsync_OmitsOptionalToken_TriggersAndFixes()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var content = await {|#0:File.ReadAllBytesAsync(parameters.InstallTarget)|}.ConfigureAwait(false);
                    await runtime.WriteConfigAsync(parameters.InstallTarget + ".conf", content, cancellationToken).ConfigureAwait(false);
                }
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var content = await File.ReadAllBytesAsync(parameters.InstallTarget, cancellationToken).ConfigureAwait(false);
                    await runtime.WriteConfigAsync(parameters.InstallTarget + ".conf", content, cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'File.ReadAllBytesAsync' is called without its CancellationToken"));
    }

    [Fact]
    public async Task ExecuteAsync_OmitsTokenAfterNamedArguments_FixPassesItByName()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    {|#0:File.WriteAllTextAsync(contents: "x", path: parameters.InstallTarget)|};
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    File.WriteAllTextAsync(contents: "x", path: parameters.InstallTarget, cancellationToken: cancellationToken);
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'File.WriteAllTextAsync' is called without its CancellationToken"));
    }

    [Fact]
    public async Task Helper_OmitsTokenAfterAnotherDefault_FixPassesItByName()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    {|#0:CopyAsync(parameters.InstallTarget)|};

                private static Task CopyAsync(string path, int attempts = 1, CancellationToken token = default) => Task.CompletedTask;
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    CopyAsync(parameters.InstallTarget, token: cancellationToken);

                private static Task CopyAsync(string path, int attempts = 1, CancellationToken token = default) => Task.CompletedTask;
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'InstallArtifact.CopyAsync' is called without its CancellationToken"));
    }

    [Fact]
    public async Task Lambda_WithItsOwnToken_FixPassesTheLambdasToken()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    Func<CancellationToken, Task> wait = token => {|#0:Task.Delay(100)|};
                    return wait(cancellationToken);
                }
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    Func<CancellationToken, Task> wait = token => Task.Delay(100, token);
                    return wait(cancellationToken);
                }
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'Task.Delay' has an overload that takes a CancellationToken"));
    }

    [Fact]
    public async Task FixAll_SeveralCallsInOneMethod_FixesEveryCall()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await runtime.StopAsync({|#0:CancellationToken.None|}).ConfigureAwait(false);
                    await {|#1:Task.Delay(10)|}.ConfigureAwait(false);
                    await runtime.StartAsync({|#2:default|}).ConfigureAwait(false);
                }
            }
            """;
        var fixedSource = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                    await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            fixedSource,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken).WithLocation(0).WithArguments("'CancellationToken.None' ignores cancellation"),
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken).WithLocation(1).WithArguments("'Task.Delay' has an overload that takes a CancellationToken"),
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken).WithLocation(2).WithArguments("'default' ignores cancellation"));
    }

    [Fact]
    public async Task Constructor_UsesNoneToken_TriggersWithoutAFix()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
                private readonly CancellationToken _stopping;
                public InstallArtifact() => _stopping = {|#0:CancellationToken.None|};
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);
            }
            """;

        await VerifyFix.VerifyCodeFixAsync(
            source,
            source,
            VerifyFix.Diagnostic(Descriptors.UPG005_PassTheCancellationToken)
                .WithLocation(0)
                .WithArguments("'CancellationToken.None' ignores cancellation"));
    }

    [Fact]
    public async Task ExecuteAsync_PassesItsTokenOrALinkedOne_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    if (cancellationToken == default || cancellationToken != default(CancellationToken) || cancellationToken != CancellationToken.None)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    await runtime.StartAsync(linked.Token).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    await File.ReadAllBytesAsync(parameters.InstallTarget, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await Task.WhenAll(runtime.StopAsync(cancellationToken), Task.CompletedTask).ConfigureAwait(false);
                    _ = Path.Combine(parameters.DataDirectory, "x").ToUpperInvariant();
                }

                private static Task HelperAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CodeWithoutTokenInScope_OrOutsideActions_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) =>
                    DelayAsync();

                private static Task DelayAsync() => Task.Delay(10);
            }

            public sealed class Poller
            {
                public Task PollAsync(IRuntimeAdapter runtime, CancellationToken cancellationToken) =>
                    Task.WhenAll(runtime.StartAsync(CancellationToken.None), Task.Delay(10));
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task StaticLambda_CannotCaptureTheToken_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    Func<Task> wait = static () => Task.Delay(10);
                    return runtime.StartAsync(cancellationToken);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
