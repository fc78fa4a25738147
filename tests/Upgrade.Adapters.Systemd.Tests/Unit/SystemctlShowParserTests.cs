using Microsoft.Extensions.Logging.Abstractions;

namespace Upgrade.Adapters.Systemd.Tests;

public sealed class SystemctlShowParserTests
{
    [Fact]
    public void Parse_ShowOutput_ReadsEveryProperty()
    {
        const string output = "LoadState=loaded\nActiveState=active\nSubState=running\nResult=success\nNRestarts=3\nMainPID=4242\nNeedDaemonReload=yes\n";

        var state = SystemctlShowParser.Parse(output);

        state.ShouldBe(new UnitState
        {
            LoadState = "loaded",
            ActiveState = "active",
            SubState = "running",
            Result = "success",
            RestartCount = 3,
            MainPid = 4242,
            NeedDaemonReload = true,
        });
        state.IsRunning.ShouldBeTrue();
        state.IsStopped.ShouldBeFalse();
    }

    [Fact]
    public void Parse_FailedUnitInAnyOrderWithCarriageReturns_ReadsIt()
    {
        var state = SystemctlShowParser.Parse("MainPID=0\r\nNRestarts=5\r\nActiveState=failed\r\nSubState=failed\r\nNeedDaemonReload=no\r\n");

        state.ActiveState.ShouldBe("failed");
        state.RestartCount.ShouldBe(5);
        state.MainPid.ShouldBe(0);
        state.NeedDaemonReload.ShouldBeFalse();
        state.IsRunning.ShouldBeFalse();
        state.IsStopped.ShouldBeTrue();
    }

    [Fact]
    public void Parse_ValueWithEqualsSign_KeepsTheRest()
    {
        SystemctlShowParser.Parse("Result=a=b\n").Result.ShouldBe("a=b");
    }

    [Fact]
    public void Parse_MissingOrUnsetNumbers_AreZero()
    {
        var state = SystemctlShowParser.Parse("NRestarts=[not set]\nActiveState=inactive\n");

        state.RestartCount.ShouldBe(0);
        state.MainPid.ShouldBe(0);
    }

    [Fact]
    public void Parse_NotFoundUnit_IsStopped()
    {
        SystemctlShowParser.Parse("LoadState=not-found\nActiveState=inactive\n").IsStopped.ShouldBeTrue();
    }

    [Fact]
    public void Parse_NonNumericRestartCount_Throws()
    {
        Should.Throw<RuntimeOperationException>(() => SystemctlShowParser.Parse("NRestarts=many\n")).Message.ShouldContain("NRestarts=many");
    }

    [Fact]
    public void BuildCommand_WithPrefixAndUserMode_PutsThemInOrder()
    {
        var options = new SystemdRuntimeOptions { UnitName = "a.service", SystemctlPath = "/bin/systemctl", UserMode = true };
        options.CommandPrefix.Add("sudo");
        options.CommandPrefix.Add("-n");
        var sut = new SystemctlClient(options, TimeProvider.System, NullLogger.Instance);

        sut.BuildCommand(["show", "--", "a.service"]).ShouldBe(["sudo", "-n", "/bin/systemctl", "--user", "--no-pager", "--no-ask-password", "show", "--", "a.service"]);
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_ThrowsRuntimeOperationException()
    {
        var options = new SystemdRuntimeOptions { UnitName = "a.service", SystemctlPath = "/nonexistent/systemctl" };
        var sut = new SystemctlClient(options, TimeProvider.System, NullLogger.Instance);

        await Should.ThrowAsync<RuntimeOperationException>(() => sut.RunAsync(["show"], CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithShellCharacters_ArePassedVerbatim()
    {
        // /bin/echo stands in for systemctl: an argument list needs no quoting and runs no shell.
        var options = new SystemdRuntimeOptions { UnitName = "a.service", SystemctlPath = "/bin/echo" };
        var sut = new SystemctlClient(options, TimeProvider.System, NullLogger.Instance);

        var result = await sut.RunAsync(["show", "$(id); `id` 'x' \"y\""], CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        result.StandardOutput.ShouldBe("--no-pager --no-ask-password show $(id); `id` 'x' \"y\"\n");
    }
}
