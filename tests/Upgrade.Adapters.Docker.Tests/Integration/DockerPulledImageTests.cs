using Docker.DotNet;
using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Internal;
using Upgrade.Adapters.Docker.Tests.Infrastructure;
using Upgrade.Executor;
using Upgrade.Testing;

namespace Upgrade.Adapters.Docker.Tests.Integration;

/// <summary>
/// Which images a compensation removes, when the process that pulled them is gone: every discard here runs on a new
/// adapter instance with the same state directory, as after a restart of the agent.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerPulledImageTests(DockerEngineFixture engine)
{
    [DockerFact]
    public async Task Discard_AfterRestart_RemovesTheImageTheUpgradePulled()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        (await ImageExistsAsync(engine.V2)).ShouldBeFalse("the acquisition must really pull");

        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);

        (await ImageExistsAsync(engine.V2)).ShouldBeTrue();
        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue("the pull is recorded durably");
        using var restarted = node.CreateRestartedAdapter();
        await restarted.DiscardArtifactAsync(handle, CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeFalse("the restarted adapter removes the image the upgrade pulled");
        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse();
        (await node.InspectAsync()).State.Running.ShouldBeTrue("the node's own image and container are untouched");
    }

    [DockerFact]
    public async Task Acquire_PresentAndRecordedAfterCrash_StaysDiscardable()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);

        // The first attempt pulls and the process dies before its checkpoint; the resumed attempt finds the image present.
        await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        using var resumed = node.CreateRestartedAdapter();
        var handle = await resumed.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);

        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue("an image present and recorded is still the upgrade's");
        using var compensating = node.CreateRestartedAdapter();
        await compensating.DiscardArtifactAsync(handle, CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeFalse();
    }

    [DockerFact]
    public async Task Discard_ImagePresentBeforeAcquire_IsKeptByRestartedAdapter()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        await engine.PullAsync(engine.V2, CancellationToken.None);

        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);

        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse("an image that was already there is not the upgrade's");
        using var restarted = node.CreateRestartedAdapter();
        await restarted.DiscardArtifactAsync(handle, CancellationToken.None);
        await node.Adapter.DiscardArtifactAsync(handle, CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeTrue("a pre-existing image is never removed");
    }

    [DockerFact]
    public async Task Discard_Twice_IsSafe()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);

        using (var first = node.CreateRestartedAdapter())
        {
            await first.DiscardArtifactAsync(handle, CancellationToken.None);
        }

        using var second = node.CreateRestartedAdapter();
        await second.DiscardArtifactAsync(handle, CancellationToken.None);
        await second.DiscardArtifactAsync(handle, CancellationToken.None);

        (await ImageExistsAsync(engine.V2)).ShouldBeFalse();
        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse();

        // Pulled again later by someone else, the image is no longer the upgrade's: a stale discard leaves it alone.
        await engine.PullAsync(engine.V2, CancellationToken.None);
        await second.DiscardArtifactAsync(handle, CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeTrue();
    }

    [DockerFact]
    public async Task Discard_ImageGoneButRecorded_DeletesOnlyTheRecord()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        await engine.RemoveImageIfUnusedAsync(engine.V2, CancellationToken.None);
        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue();

        using var restarted = node.CreateRestartedAdapter();
        await restarted.DiscardArtifactAsync(handle, CancellationToken.None);

        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse();
    }

    [DockerFact]
    public async Task Discard_CorruptRecord_KeepsTheImageAndTheFile()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        await File.WriteAllTextAsync(RecordPath(node, engine.V2), "{ truncated");

        using var restarted = node.CreateRestartedAdapter();
        await restarted.DiscardArtifactAsync(handle, CancellationToken.None);

        (await ImageExistsAsync(engine.V2)).ShouldBeTrue("a record that cannot be read errs on keeping the image");
        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue("the unreadable file is left for a person to look at");
    }

    [DockerFact]
    public async Task Discard_ImageUsedByContainer_IsKeptWithItsRecord()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var handle = await node.Adapter.AcquireArtifactAsync(node.Upgrade.Artifact, node.Name, CancellationToken.None);
        var user = "upg-user-" + Guid.NewGuid().ToString("N")[..8];
        await engine.Client.Containers.CreateContainerAsync(
            new CreateContainerParameters { Name = user, Image = engine.V2.Reference, HostConfig = new HostConfig { NetworkMode = "none" } },
            CancellationToken.None);
        try
        {
            using var restarted = node.CreateRestartedAdapter();
            await restarted.DiscardArtifactAsync(handle, CancellationToken.None);

            (await ImageExistsAsync(engine.V2)).ShouldBeTrue("a stopped container still uses the image");
            File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue("a later discard may still remove it");
        }
        finally
        {
            await engine.Client.Containers.RemoveContainerAsync(user, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }

        using var later = node.CreateRestartedAdapter();
        await later.DiscardArtifactAsync(handle, CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeFalse();
    }

    [DockerFact]
    public async Task RemoveBackupContainer_AfterSuccess_ClearsTheRecordSoALaterDiscardKeepsTheImage()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var executor = new UpgradeExecutor(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

        var outcome = await executor.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        outcome.ShouldBeOfType<UpgradeSucceeded>();
        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue("until the upgrade is final, the pulled image is the upgrade's");
        using (var restarted = node.CreateRestartedAdapter())
        {
            (await restarted.RemoveBackupContainerAsync()).ShouldBeTrue();
        }

        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse();

        // Even once no container uses it any more, a compensation of a later, unrelated failure keeps the image.
        await engine.Client.Containers.RemoveContainerAsync(node.Name, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        using var later = node.CreateRestartedAdapter();
        await later.DiscardArtifactAsync(later.GetArtifactHandle(node.Upgrade.Artifact, node.Name), CancellationToken.None);
        (await ImageExistsAsync(engine.V2)).ShouldBeTrue();
    }

    [DockerFact]
    public async Task RemoveBackupContainer_CrashBeforeClearing_NextCallClearsTheRecord()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var executor = new UpgradeExecutor(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());
        (await executor.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade)).ShouldBeOfType<UpgradeSucceeded>();

        // The backup container is gone but the process died before it cleared the record.
        await engine.Client.Containers.RemoveContainerAsync(node.Name + ".bak", new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        File.Exists(RecordPath(node, engine.V2)).ShouldBeTrue();

        using var restarted = node.CreateRestartedAdapter();
        (await restarted.RemoveBackupContainerAsync()).ShouldBeFalse();

        File.Exists(RecordPath(node, engine.V2)).ShouldBeFalse();
    }

    [DockerFact]
    public async Task Upgrade_FailsAfterAcquire_CompensationRemovesThePulledImageAndItsRecord()
    {
        await using var node = await DockerTestNode.CreateAsync(engine, target: engine.Crashing);
        var executor = new UpgradeExecutor(new InMemoryCompletedUpgradeStore(), new InMemoryCheckpointStore());

        var outcome = await executor.ExecuteAsync(UpgradeActions.CreateDefault(), node.Adapter, node.Upgrade);

        outcome.ShouldBeOfType<UpgradeCompensated>().FailedAction.ShouldBe("start_node");
        (await ImageExistsAsync(engine.Crashing)).ShouldBeFalse();
        File.Exists(RecordPath(node, engine.Crashing)).ShouldBeFalse();
        Directory.EnumerateFiles(node.PulledImagesDirectory).ShouldBeEmpty();
    }

    [DockerFact]
    public async Task Acquire_DigestNotInRegistry_LeavesNoRecord()
    {
        await using var node = await DockerTestNode.CreateAsync(engine);
        var missing = "sha256:" + new string('0', 63) + "2";
        var artifact = new ArtifactReference { Source = $"{engine.Repository}@{missing}", Checksum = missing };

        await Should.ThrowAsync<RuntimeOperationException>(() => node.Adapter.AcquireArtifactAsync(artifact, node.Name, CancellationToken.None));

        File.Exists(Path.Combine(node.PulledImagesDirectory, PulledImageStore.FileNameOf($"{engine.Repository}@{missing}"))).ShouldBeFalse();
    }

    private static string RecordPath(DockerTestNode node, TestImage image) =>
        Path.Combine(node.PulledImagesDirectory, PulledImageStore.FileNameOf(image.Reference));

    private async Task<bool> ImageExistsAsync(TestImage image)
    {
        try
        {
            await engine.Client.Images.InspectImageAsync(image.Reference, CancellationToken.None);
            return true;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
