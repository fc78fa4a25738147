using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Upgrade.Adapters.FileSystem.Tests;

/// <summary>What the base class offers a deriving adapter, beyond the file operations themselves.</summary>
public sealed class FileSystemRuntimeAdapterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void GetDownloadPath_IsNextToTheTarget()
    {
        FileSystemRuntimeAdapter.GetDownloadPath("/opt/node/bin/node").ShouldBe("/opt/node/bin/.download-node");
        FileSystemRuntimeAdapter.GetDownloadPath("/opt/node/bin/../sbin/node").ShouldBe("/opt/node/sbin/.download-node");
    }

    [Fact]
    public void GetArtifactHandle_UsesTheDownloadPathAndTheChecksum()
    {
        using var sut = new TestRuntimeAdapter(new TestRuntimeOptions());
        var checksum = Sha256Checksum.Compute("x"u8);

        var handle = sut.GetArtifactHandle(new ArtifactReference { Source = "https://example.invalid/a", Checksum = checksum }, "/opt/node/bin/node");

        handle.Location.ShouldBe("/opt/node/bin/.download-node");
        handle.Checksum.ShouldBe(checksum);
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterwards_AreNotSeen()
    {
        var options = new TestRuntimeOptions();
        options.AllowedConfigRoots.Add(_temp.Combine("etc"));
        using var sut = new TestRuntimeAdapter(options);
        options.AllowedConfigRoots.Clear();
        options.AllowedConfigRoots.Add(_temp.Combine("other"));

        await sut.WriteConfigAsync(_temp.Combine("etc", "a.conf"), "a"u8.ToArray(), CancellationToken.None);
        await Should.ThrowAsync<PathNotAllowedException>(() => sut.WriteConfigAsync(_temp.Combine("other", "a.conf"), "a"u8.ToArray(), CancellationToken.None));

        File.Exists(_temp.Combine("etc", "a.conf")).ShouldBeTrue();
    }

    [Fact]
    public async Task WriteConfigAsync_LogsToTheDerivedAdaptersLogger()
    {
        var logger = new FakeLogger();
        var options = new TestRuntimeOptions();
        options.AllowedConfigRoots.Add(_temp.Combine("etc"));
        using var sut = new TestRuntimeAdapter(options, logger);

        await sut.WriteConfigAsync(_temp.Combine("etc", "a.conf"), Encoding.UTF8.GetBytes("a"), CancellationToken.None);

        var record = logger.Collector.LatestRecord;
        record.Id.ShouldBe(new EventId(11, "ConfigWritten"));
        record.Level.ShouldBe(LogLevel.Information);
        record.Message.ShouldBe("Wrote configuration file " + _temp.Combine("etc", "a.conf"));
    }

    [Fact]
    public void Dispose_CallsTheDerivedDisposeAndIsSafeTwice()
    {
        var sut = new TestRuntimeAdapter(new TestRuntimeOptions());

        sut.Dispose();
        sut.Dispose();

        sut.IsDisposed.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Should.Throw<ArgumentNullException>(() => new TestRuntimeAdapter(null!));
    }
}
