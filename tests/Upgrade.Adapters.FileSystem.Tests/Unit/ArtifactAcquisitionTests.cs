using System.Security.Cryptography;

namespace Upgrade.Adapters.FileSystem.Tests;

/// <summary>Downloads against a real HTTP server on loopback.</summary>
public sealed class ArtifactAcquisitionTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly LoopbackArtifactServer _server = new();
    private readonly byte[] _artifact = RandomNumberGenerator.GetBytes(300_000);
    private readonly List<TestRuntimeAdapter> _adapters = [];

    private string Target => _temp.Combine("bin", "node");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var adapter in _adapters)
        {
            adapter.Dispose();
        }

        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private TestRuntimeAdapter CreateSut(Action<TestRuntimeOptions>? configure = null)
    {
        var options = new TestRuntimeOptions
        {
            AllowInsecureHttp = true,
            DownloadRetryAttempts = 2,
            DownloadRetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        var adapter = new TestRuntimeAdapter(options);
        _adapters.Add(adapter);
        return adapter;
    }

    private ArtifactReference Reference(Uri source, string? checksum = null) =>
        new() { Source = source.ToString(), Checksum = checksum ?? Sha256Checksum.Compute(_artifact) };

    private string[] FilesNextToTarget() => Directory.Exists(Path.GetDirectoryName(Target)) ? Directory.GetFiles(Path.GetDirectoryName(Target)!) : [];

    [Fact]
    public async Task AcquireArtifactAsync_MatchingChecksum_StoresItNextToTheTarget()
    {
        var sut = CreateSut();
        var reference = Reference(_server.Serve(_artifact));

        var handle = await sut.AcquireArtifactAsync(reference, Target, CancellationToken.None);

        handle.Location.ShouldBe(_temp.Combine("bin", ".download-node"));
        handle.Checksum.ShouldBe(reference.Checksum);
        (await File.ReadAllBytesAsync(handle.Location)).ShouldBe(_artifact);
        FilesNextToTarget().ShouldBe([handle.Location]);
        (await sut.IsArtifactAcquiredAsync(reference, Target, CancellationToken.None)).ShouldBeTrue();
        await sut.VerifyArtifactAsync(handle, reference.Checksum, CancellationToken.None);
    }

    [Fact]
    public async Task AcquireArtifactAsync_AlreadyAcquired_DoesNotDownloadAgain()
    {
        var sut = CreateSut();
        var source = _server.Serve(_artifact);
        var reference = Reference(source);
        await sut.AcquireArtifactAsync(reference, Target, CancellationToken.None);

        await sut.AcquireArtifactAsync(reference, Target, CancellationToken.None);

        _server.RequestCount(source).ShouldBe(1);
    }

    [Fact]
    public async Task AcquireArtifactAsync_ChecksumMismatch_DeletesTheDownloadAndThrows()
    {
        var sut = CreateSut();
        var reference = Reference(_server.Serve(_artifact), Sha256Checksum.Compute("other"u8));

        var exception = await Should.ThrowAsync<ArtifactVerificationException>(() => sut.AcquireArtifactAsync(reference, Target, CancellationToken.None));

        exception.Message.ShouldContain(Sha256Checksum.Compute(_artifact));
        FilesNextToTarget().ShouldBeEmpty();
        (await sut.IsArtifactAcquiredAsync(reference, Target, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task AcquireArtifactAsync_CutMidStream_RetriesThenDeletesThePartialFile()
    {
        var sut = CreateSut();
        var source = _server.Serve(_artifact, ArtifactServeMode.CutMidStream);

        await Should.ThrowAsync<IOException>(() => sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None));

        _server.RequestCount(source).ShouldBe(3);
        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireArtifactAsync_TransientServerError_IsRetried()
    {
        var sut = CreateSut();
        var source = _server.Serve(_artifact, ArtifactServeMode.UnavailableOnce);

        var handle = await sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None);

        _server.RequestCount(source).ShouldBe(2);
        (await File.ReadAllBytesAsync(handle.Location)).ShouldBe(_artifact);
    }

    [Fact]
    public async Task AcquireArtifactAsync_NotFound_IsNotRetried()
    {
        var sut = CreateSut();
        var source = _server.Serve(_artifact, ArtifactServeMode.NotFound);

        var exception = await Should.ThrowAsync<ArtifactVerificationException>(() => sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None));

        exception.Message.ShouldContain("404");
        _server.RequestCount(source).ShouldBe(1);
        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireArtifactAsync_AnnouncedSizeOverLimit_IsRefusedWithoutRetry()
    {
        var sut = CreateSut(o => o.MaxArtifactSizeBytes = 1000);
        var source = _server.Serve(_artifact);

        var exception = await Should.ThrowAsync<ArtifactVerificationException>(() => sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None));

        exception.Message.ShouldContain("TestRuntimeOptions.MaxArtifactSizeBytes");
        _server.RequestCount(source).ShouldBe(1);
        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireArtifactAsync_UnannouncedSizeOverLimit_StopsReadingAndDeletes()
    {
        var sut = CreateSut(o => o.MaxArtifactSizeBytes = 100_000);
        var source = _server.Serve(_artifact, ArtifactServeMode.NoContentLength);

        var exception = await Should.ThrowAsync<ArtifactVerificationException>(() => sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None));

        exception.Message.ShouldContain("TestRuntimeOptions.MaxArtifactSizeBytes");
        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireArtifactAsync_NoContentLengthWithinLimit_Succeeds()
    {
        var sut = CreateSut();

        var handle = await sut.AcquireArtifactAsync(Reference(_server.Serve(_artifact, ArtifactServeMode.NoContentLength)), Target, CancellationToken.None);

        (await File.ReadAllBytesAsync(handle.Location)).ShouldBe(_artifact);
    }

    [Fact]
    public async Task AcquireArtifactAsync_PlainHttpNotAllowed_IsRefusedBeforeAnyRequest()
    {
        var sut = CreateSut(o => o.AllowInsecureHttp = false);
        var source = _server.Serve(_artifact);

        var exception = await Should.ThrowAsync<ArtifactVerificationException>(() => sut.AcquireArtifactAsync(Reference(source), Target, CancellationToken.None));

        exception.Message.ShouldContain("TestRuntimeOptions.AllowInsecureHttp");
        _server.RequestCount(source).ShouldBe(0);
    }

    [Fact]
    public async Task AcquireArtifactAsync_Cancelled_DeletesThePartialFile()
    {
        var sut = CreateSut();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => sut.AcquireArtifactAsync(Reference(_server.Serve(_artifact)), Target, cts.Token));

        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task InstallArtifactAsync_AcquiredArtifact_RenamesItOntoTheTargetAsExecutable()
    {
        var sut = CreateSut();
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        await File.WriteAllTextAsync(Target, "old");
        File.SetUnixFileMode(Target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var reference = Reference(_server.Serve(_artifact));
        var handle = await sut.AcquireArtifactAsync(reference, Target, CancellationToken.None);

        await sut.InstallArtifactAsync(handle, Target, CancellationToken.None);

        (await File.ReadAllBytesAsync(Target)).ShouldBe(_artifact);
        File.GetUnixFileMode(Target).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.Exists(handle.Location).ShouldBeFalse();
        (await sut.IsArtifactInstalledAsync(Target, reference.Checksum, CancellationToken.None)).ShouldBeTrue();

        // Installing again after a crash finds the artifact already in place.
        await sut.InstallArtifactAsync(handle, Target, CancellationToken.None);
    }

    [Fact]
    public async Task InstallArtifactAsync_AcquiredFileReplacedSinceAcquisition_IsRefused()
    {
        var sut = CreateSut();
        var handle = await sut.AcquireArtifactAsync(Reference(_server.Serve(_artifact)), Target, CancellationToken.None);
        await File.WriteAllTextAsync(handle.Location, "swapped");

        await Should.ThrowAsync<ArtifactVerificationException>(() => sut.InstallArtifactAsync(handle, Target, CancellationToken.None));

        File.Exists(Target).ShouldBeFalse();
    }

    [Fact]
    public async Task DiscardArtifactAsync_TwiceOrWithoutArtifact_IsSafe()
    {
        var sut = CreateSut();
        var reference = Reference(_server.Serve(_artifact));
        var handle = sut.GetArtifactHandle(reference, Target);
        await sut.DiscardArtifactAsync(handle, CancellationToken.None);
        await sut.AcquireArtifactAsync(reference, Target, CancellationToken.None);

        await sut.DiscardArtifactAsync(handle, CancellationToken.None);
        await sut.DiscardArtifactAsync(handle, CancellationToken.None);

        FilesNextToTarget().ShouldBeEmpty();
    }

    [Fact]
    public async Task VerifyArtifactAsync_MissingArtifact_Throws()
    {
        var sut = CreateSut();
        var handle = sut.GetArtifactHandle(Reference(new Uri("http://127.0.0.1/x")), Target);

        await Should.ThrowAsync<ArtifactVerificationException>(() => sut.VerifyArtifactAsync(handle, handle.Checksum, CancellationToken.None));
    }
}
