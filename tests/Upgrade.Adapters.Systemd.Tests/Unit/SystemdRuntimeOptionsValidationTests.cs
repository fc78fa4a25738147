using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Systemd.Tests;

public sealed class SystemdRuntimeOptionsValidationTests
{
    private static SystemdRuntimeOptions Valid() => new() { UnitName = "node.service" };

    private static string Failures(SystemdRuntimeOptions options)
    {
        var exception = Should.Throw<OptionsValidationException>(() => SystemdRuntimeOptionsValidation.ThrowIfInvalid(options));
        return string.Join("\n", exception.Failures);
    }

    [Fact]
    public void ThrowIfInvalid_DefaultsWithUnitName_AreValid()
    {
        Should.NotThrow(() => SystemdRuntimeOptionsValidation.ThrowIfInvalid(Valid()));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new SystemdRuntimeOptions();

        options.SystemctlPath.ShouldBe("/usr/bin/systemctl");
        options.CommandPrefix.ShouldBeEmpty();
        options.UserMode.ShouldBeFalse();
        options.AllowedConfigRoots.ShouldBeEmpty();
        options.AllowInsecureHttp.ShouldBeFalse();
        options.MaxArtifactSizeBytes.ShouldBe(1L << 30);
        options.StartSettleTime.ShouldBe(TimeSpan.FromMilliseconds(1500));
        options.StatusPollInterval.ShouldBe(TimeSpan.FromMilliseconds(200));
        options.CommandTimeout.ShouldBe(TimeSpan.FromSeconds(90));
        options.DownloadRetryAttempts.ShouldBe(3);
        options.DownloadRetryDelay.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ThrowIfInvalid_MissingUnitName_NamesTheField()
    {
        Failures(new SystemdRuntimeOptions()).ShouldBe(
            "UnitName: The SystemdRuntimeOptions.UnitName field is required.");
    }

    [Fact]
    public void ThrowIfInvalid_UnitNameStartingWithDash_NamesTheField()
    {
        var options = Valid();
        options.UnitName = "--user";

        Failures(options).ShouldBe(
            "UnitName: The unit name '--user' is not a valid systemd unit name: it must be 1 to 255 characters of letters, digits and ':', '_', '.', '\\', '@', '-', and must not start with '-'.");
    }

    [Fact]
    public void ThrowIfInvalid_UnitNameWithSpace_NamesTheField()
    {
        var options = Valid();
        options.UnitName = "a b.service";

        Failures(options).ShouldStartWith("UnitName: The unit name 'a b.service' is not a valid systemd unit name");
    }

    [Fact]
    public void ThrowIfInvalid_EmptySystemctlPath_NamesTheField()
    {
        var options = Valid();
        options.SystemctlPath = " ";

        Failures(options).ShouldBe("SystemctlPath: The SystemdRuntimeOptions.SystemctlPath field is required.");
    }

    [Fact]
    public void ThrowIfInvalid_SystemctlPathStartingWithDash_NamesTheField()
    {
        var options = Valid();
        options.SystemctlPath = "--version";

        Failures(options).ShouldBe("SystemctlPath: The systemctl path must not start with '-'.");
    }

    [Fact]
    public void ThrowIfInvalid_EmptyPrefixElement_NamesTheField()
    {
        var options = Valid();
        options.CommandPrefix.Add("sudo");
        options.CommandPrefix.Add("");

        Failures(options).ShouldBe("CommandPrefix: The command prefix element at index 1 is empty.");
    }

    [Fact]
    public void ThrowIfInvalid_RelativeAndFileSystemRoots_NameTheField()
    {
        var options = Valid();
        options.AllowedConfigRoots.Add("etc/node");
        options.AllowedConfigRoots.Add("/");

        Failures(options).ShouldBe("""
            AllowedConfigRoots: The allowed config root at index 0 ('etc/node') is not an absolute path.
            AllowedConfigRoots: The allowed config root at index 1 ('/') is the file system root, which would allow every path.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_ZeroMaxArtifactSize_NamesTheField()
    {
        var options = Valid();
        options.MaxArtifactSizeBytes = 0;

        Failures(options).ShouldBe(
            "MaxArtifactSizeBytes: The largest artifact size must be positive, not 0.");
    }

    [Fact]
    public void ThrowIfInvalid_OutOfRangeTimesAndRetries_NameEachField()
    {
        var options = Valid();
        options.StartSettleTime = TimeSpan.FromHours(1);
        options.StatusPollInterval = TimeSpan.Zero;
        options.CommandTimeout = TimeSpan.Zero;
        options.DownloadRetryAttempts = -1;
        options.DownloadRetryDelay = TimeSpan.FromMinutes(10);

        Failures(options).ShouldBe("""
            StartSettleTime: The field SystemdRuntimeOptions.StartSettleTime must be between 00:00:00 and 00:10:00.
            StatusPollInterval: The field SystemdRuntimeOptions.StatusPollInterval must be between 00:00:00.0100000 and 00:01:00.
            CommandTimeout: The field SystemdRuntimeOptions.CommandTimeout must be between 00:00:01 and 01:00:00.
            DownloadRetryAttempts: The field SystemdRuntimeOptions.DownloadRetryAttempts must be between 0 and 20.
            DownloadRetryDelay: The field SystemdRuntimeOptions.DownloadRetryDelay must be between 00:00:00 and 00:05:00.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_PollIntervalLongerThanCommandTimeout_NamesBothValues()
    {
        var options = Valid();
        options.StatusPollInterval = TimeSpan.FromSeconds(30);
        options.CommandTimeout = TimeSpan.FromSeconds(10);

        Failures(options).ShouldBe(
            "StatusPollInterval: The status poll interval must not be longer than the command timeout. Status poll interval: 30s, command timeout: 10s.");
    }
}
