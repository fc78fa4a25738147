using Verify = Upgrade.Analyzers.Tests.Verifiers.AnalyzerVerifier<Upgrade.Analyzers.DoNotBlockInActionsAnalyzer>;

namespace Upgrade.Analyzers.Tests.Rules;

public sealed class DoNotBlockInActionsTests
{
    private const string Members = """
            public string Name => "install_artifact";
            public TimeSpan Timeout => TimeSpan.FromSeconds(30);
            public ValueTask<bool> IsAlreadyDoneAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => new(false);
            public Task CompensateAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
        """;

    [Theory]
    [InlineData("_ = runtime.GetStatusAsync(cancellationToken).Result", "runtime.GetStatusAsync(cancellationToken).Result", "Task.Result")]
    [InlineData("runtime.StopAsync(cancellationToken).Wait()", "runtime.StopAsync(cancellationToken).Wait()", "Task.Wait")]
    [InlineData("runtime.StopAsync(cancellationToken).Wait(cancellationToken)", "runtime.StopAsync(cancellationToken).Wait(cancellationToken)", "Task.Wait")]
    [InlineData("Task.WaitAll(runtime.StopAsync(cancellationToken))", "Task.WaitAll(runtime.StopAsync(cancellationToken))", "Task.WaitAll")]
    [InlineData("Task.WaitAny(runtime.StopAsync(cancellationToken))", "Task.WaitAny(runtime.StopAsync(cancellationToken))", "Task.WaitAny")]
    [InlineData("Thread.Sleep(100)", "Thread.Sleep(100)", "Thread.Sleep")]
    [InlineData("Thread.Sleep(TimeSpan.FromSeconds(1))", "Thread.Sleep(TimeSpan.FromSeconds(1))", "Thread.Sleep")]
    [InlineData("runtime.StopAsync(cancellationToken).GetAwaiter().GetResult()", "runtime.StopAsync(cancellationToken).GetAwaiter().GetResult()", "TaskAwaiter.GetResult")]
    [InlineData("_ = runtime.GetStatusAsync(cancellationToken).GetAwaiter().GetResult()", "runtime.GetStatusAsync(cancellationToken).GetAwaiter().GetResult()", "TaskAwaiter.GetResult")]
    [InlineData("runtime.StopAsync(cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult()", "runtime.StopAsync(cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult()", "ConfiguredTaskAwaiter.GetResult")]
    [InlineData("_ = IsAlreadyDoneAsync(runtime, parameters, cancellationToken).Result", "IsAlreadyDoneAsync(runtime, parameters, cancellationToken).Result", "ValueTask.Result")]
    [InlineData("_ = IsAlreadyDoneAsync(runtime, parameters, cancellationToken).GetAwaiter().GetResult()", "IsAlreadyDoneAsync(runtime, parameters, cancellationToken).GetAwaiter().GetResult()", "ValueTaskAwaiter.GetResult")]
    public async Task ExecuteAsync_BlocksOnWork_Triggers(string statement, string blocking, string member)
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    {{statement.Replace(blocking, "{|#0:" + blocking + "|}")}};
                    return Task.CompletedTask;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG006_DoNotBlockInActions)
                .WithLocation(0)
                .WithArguments(member, "InstallArtifact"));
    }

    [Fact]
    public async Task HelperAndLambda_BlockOnWork_Trigger()
    {
        var source = $$"""
            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    Action wait = () => {|#0:Thread.Sleep(10)|};
                    wait();
                    return Task.FromResult(Status(runtime));
                }

                private static RuntimeStatus Status(IRuntimeAdapter runtime) => {|#1:runtime.GetStatusAsync(CancellationToken.None).Result|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.UPG006_DoNotBlockInActions).WithLocation(0).WithArguments("Thread.Sleep", "InstallArtifact"),
            Verify.Diagnostic(Descriptors.UPG006_DoNotBlockInActions).WithLocation(1).WithArguments("Task.Result", "InstallArtifact"));
    }

    [Fact]
    public async Task ExecuteAsync_AwaitsOrReadsOtherResults_DoesNotTrigger()
    {
        var source = $$"""
            public sealed class Outcome
            {
                public bool Result { get; init; }
                public void Wait() { }
                public bool GetResult() => Result;
            }

            public sealed class InstallArtifact : IUpgradeAction
            {
            {{Members}}
                public async Task ExecuteAsync(IRuntimeAdapter runtime, ActionParams parameters, CancellationToken cancellationToken)
                {
                    var status = await runtime.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                    var outcome = new Outcome { Result = status is not null };
                    outcome.Wait();
                    _ = outcome.Result && outcome.GetResult();
                    await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    await runtime.StartAsync(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Blocking_OutsideActions_DoesNotTrigger()
    {
        var source = """
            public static class Program
            {
                public static void Main(IRuntimeAdapter runtime)
                {
                    runtime.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
                    _ = runtime.GetStatusAsync(CancellationToken.None).Result;
                    Thread.Sleep(10);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
