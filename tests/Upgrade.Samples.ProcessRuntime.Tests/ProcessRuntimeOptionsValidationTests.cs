using Microsoft.Extensions.Options;

namespace Upgrade.Samples.ProcessRuntime.Tests;

public sealed class ProcessRuntimeOptionsValidationTests
{
    private static ProcessRuntimeOptions Valid() => new()
    {
        ServiceName = "app",
        ExecutablePath = "/opt/app/bin/app",
        StateDirectory = "/var/lib/app-agent",
    };

    private static string Failures(ProcessRuntimeOptions options)
    {
        var exception = Should.Throw<OptionsValidationException>(() => ProcessRuntimeOptionsValidation.ThrowIfInvalid(options));
        return string.Join("\n", exception.Failures);
    }

    [Fact]
    public void ThrowIfInvalid_RequiredFieldsSet_AreValid()
    {
        Should.NotThrow(() => ProcessRuntimeOptionsValidation.ThrowIfInvalid(Valid()));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new ProcessRuntimeOptions();

        options.Arguments.ShouldBeEmpty();
        options.EnvironmentVariables.ShouldBeEmpty();
        options.WorkingDirectory.ShouldBeNull();
        options.StartSettleTime.ShouldBe(TimeSpan.FromSeconds(1));
        options.StopTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.StatusPollInterval.ShouldBe(TimeSpan.FromMilliseconds(100));
        options.RestartOnCrash.ShouldBeFalse();
        options.RestartDelay.ShouldBe(TimeSpan.FromSeconds(1));
        options.MaxRestarts.ShouldBe(5);
        options.AllowInsecureHttp.ShouldBeFalse();
    }

    [Fact]
    public void ThrowIfInvalid_Empty_NamesEachRequiredField()
    {
        Failures(new ProcessRuntimeOptions()).ShouldBe("""
            ServiceName: The ProcessRuntimeOptions.ServiceName field is required.
            ExecutablePath: The ProcessRuntimeOptions.ExecutablePath field is required.
            StateDirectory: The ProcessRuntimeOptions.StateDirectory field is required.
            """);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("-app")]
    [InlineData("a b")]
    [InlineData(".hidden")]
    public void ThrowIfInvalid_ServiceNameThatCannotNameAFile_NamesTheField(string serviceName)
    {
        var options = Valid();
        options.ServiceName = serviceName;

        Failures(options).ShouldBe(
            $"ServiceName: The service name '{serviceName}' is not valid: it must be 1 to 100 characters of letters, digits and '.', '_', '-', and must not start with '.' or '-'.");
    }

    [Fact]
    public void ThrowIfInvalid_RelativePaths_NameEachField()
    {
        var options = Valid();
        options.ExecutablePath = "bin/app";
        options.WorkingDirectory = "work";
        options.StateDirectory = "state";

        Failures(options).ShouldBe("""
            ExecutablePath: The executable path 'bin/app' is not an absolute path.
            WorkingDirectory: The working directory 'work' is not an absolute path.
            StateDirectory: The state directory 'state' is not an absolute path.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_BadArgumentAndVariable_NameTheFields()
    {
        var options = Valid();
        options.Arguments.Add("ok");
        options.Arguments.Add("bad\0");
        options.EnvironmentVariables["A=B"] = "x";

        Failures(options).ShouldBe("""
            Arguments: The argument at index 1 is null or contains a NUL character.
            EnvironmentVariables: The variable 'A=B' must have a non-empty name without '=' or NUL, and a value without NUL.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_OutOfRangeTimesAndCounts_NameEachField()
    {
        var options = Valid();
        options.StartSettleTime = TimeSpan.FromHours(1);
        options.StopTimeout = TimeSpan.Zero;
        options.StatusPollInterval = TimeSpan.Zero;
        options.RestartDelay = TimeSpan.FromHours(1);
        options.MaxRestarts = -1;
        options.DownloadRetryAttempts = 21;

        Failures(options).ShouldBe("""
            StartSettleTime: The field ProcessRuntimeOptions.StartSettleTime must be between 00:00:00 and 00:10:00.
            StopTimeout: The field ProcessRuntimeOptions.StopTimeout must be between 00:00:00.1000000 and 00:10:00.
            StatusPollInterval: The field ProcessRuntimeOptions.StatusPollInterval must be between 00:00:00.0100000 and 00:01:00.
            RestartDelay: The field ProcessRuntimeOptions.RestartDelay must be between 00:00:00 and 00:10:00.
            MaxRestarts: The field ProcessRuntimeOptions.MaxRestarts must be between 0 and 1000.
            DownloadRetryAttempts: The field ProcessRuntimeOptions.DownloadRetryAttempts must be between 0 and 20.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_InheritedFileSystemRules_AreChecked()
    {
        var options = Valid();
        options.AllowedConfigRoots.Add("etc");
        options.MaxArtifactSizeBytes = 0;

        Failures(options).ShouldBe("""
            AllowedConfigRoots: The allowed config root at index 0 ('etc') is not an absolute path.
            MaxArtifactSizeBytes: The largest artifact size must be positive, not 0.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_PollIntervalLongerThanStopTimeout_NamesBothValues()
    {
        var options = Valid();
        options.StatusPollInterval = TimeSpan.FromSeconds(30);
        options.StopTimeout = TimeSpan.FromSeconds(10);

        Failures(options).ShouldBe(
            "StatusPollInterval: The status poll interval must not be longer than the stop timeout. Status poll interval: 30s, stop timeout: 10s.");
    }
}
