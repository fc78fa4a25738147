namespace Upgrade.Adapters.Systemd.Tests;

/// <summary>The adapter's unit control against a real systemd.</summary>
[Collection(SystemdCollection.Name)]
public sealed class SystemdAdapterTests
{
    private readonly SystemdFixture _fixture;

    public SystemdAdapterTests(SystemdFixture fixture) => _fixture = fixture;

    [SystemdFact]
    public async Task GetStatusAsync_RunningUnit_ReportsActiveRunningAndMainPid()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "status");
        var adapter = node.CreateAdapter();

        var status = await adapter.GetStatusAsync(CancellationToken.None);

        status.IsRunning.ShouldBeTrue();
        status.State.ShouldBe("active/running");
        status.RestartCount.ShouldBe(0);
        status.InstanceId.ShouldBe((await node.ReadObservedAsync()).Pid);
    }

    [SystemdFact]
    public async Task StopAsync_ThenStartAsync_WaitsForEachStateAndRunsANewProcess()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "stopstart");
        var adapter = node.CreateAdapter();
        var first = await node.ReadObservedAsync();

        await adapter.StopAsync(CancellationToken.None);
        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
        (await node.ShowAsync("ActiveState")).ShouldBe("inactive");
        await adapter.StopAsync(CancellationToken.None);

        await adapter.StartAsync(CancellationToken.None);
        var status = await adapter.GetStatusAsync(CancellationToken.None);
        status.IsRunning.ShouldBeTrue();
        var second = await node.WaitForObservedAsync("v1");
        status.InstanceId.ShouldBe(second.Pid);
        second.Pid.ShouldNotBe(first.Pid);
    }

    [SystemdFact]
    public async Task RestartAsync_RunningUnit_RunsANewProcess()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "restart");
        var adapter = node.CreateAdapter();
        var first = await node.ReadObservedAsync();

        await adapter.RestartAsync(CancellationToken.None);

        var status = await adapter.GetStatusAsync(CancellationToken.None);
        status.IsRunning.ShouldBeTrue();
        status.InstanceId.ShouldNotBe(first.Pid);
    }

    [SystemdFact]
    public async Task StartAsync_BinaryThatExitsAtOnce_ThrowsWithCrashLoopVisibleInRestarts()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "crash");
        var adapter = node.CreateAdapter();
        await adapter.StopAsync(CancellationToken.None);
        await File.WriteAllBytesAsync(node.BinaryPath, ServiceNode.V2CrashingBinary);

        var exception = await Should.ThrowAsync<RuntimeOperationException>(() => adapter.StartAsync(CancellationToken.None));

        exception.Message.ShouldContain(node.UnitName);
        exception.Message.ShouldContain("restart");

        // The crash loop goes on in systemd, visible in its restart counter, until the unit is stopped.
        await WaitUntilAsync(async () => int.Parse(await node.ShowAsync("NRestarts"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await adapter.StopAsync(CancellationToken.None);
        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
    }

    [SystemdFact]
    public async Task StartAsync_AfterStartLimitHit_ResetsFailedAndStarts()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "startlimit");
        var adapter = node.CreateAdapter();
        await adapter.StopAsync(CancellationToken.None);
        await File.WriteAllBytesAsync(node.BinaryPath, ServiceNode.V2CrashingBinary);
        await _fixture.SystemctlAsync("start", node.UnitName);
        await WaitUntilAsync(async () => await node.ShowAsync("ActiveState") == "failed");
        await File.WriteAllBytesAsync(node.BinaryPath, ServiceNode.V1Binary);

        await adapter.StartAsync(CancellationToken.None);

        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeTrue();
        (await node.ShowAsync("NRestarts")).ShouldBe("0");
    }

    [SystemdFact]
    public async Task RestartAsync_ChangedUnitFile_ReloadsTheDaemonBeforeStarting()
    {
        // A running unit stays loaded, so systemd notices the changed file (a stopped one is unloaded and read afresh).
        await using var node = await ServiceNode.CreateAsync(_fixture, "reload");
        var adapter = node.CreateAdapter();
        var unit = await File.ReadAllTextAsync(node.UnitFilePath);
        await File.WriteAllTextAsync(node.UnitFilePath, unit.Replace("[Service]\n", "[Service]\nEnvironment=UPGRADE_MARK=reloaded\n", StringComparison.Ordinal));
        (await node.ShowAsync("NeedDaemonReload")).ShouldBe("yes");

        await adapter.RestartAsync(CancellationToken.None);

        (await node.ShowAsync("NeedDaemonReload")).ShouldBe("no");
        (await node.ShowAsync("Environment")).ShouldContain("UPGRADE_MARK=reloaded");
        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeTrue();
    }

    [SystemdFact]
    public async Task StopAsync_UnknownUnit_IsANoOp()
    {
        await using var node = await ServiceNode.CreateAsync(_fixture, "unknown");
        var adapter = node.CreateAdapter(o => o.UnitName = "upg-does-not-exist-" + Guid.NewGuid().ToString("N")[..8] + ".service");

        await adapter.StopAsync(CancellationToken.None);

        (await adapter.GetStatusAsync(CancellationToken.None)).IsRunning.ShouldBeFalse();
        await Should.ThrowAsync<RuntimeOperationException>(() => adapter.StartAsync(CancellationToken.None));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The condition did not hold within 20 s.");
    }
}
