using System.Net;
using System.Security.Cryptography;

namespace Upgrade.Adapters.FileSystem.Tests;

/// <summary>The loopback artifact server's file streaming and stall, seen through a real <see cref="HttpClient"/>.</summary>
public sealed class LoopbackArtifactServerTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly LoopbackArtifactServer _server = new();
    // Abandoning a stalled response must close its connection at once rather than try to drain it.
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxResponseDrainSize = 0 });
    private readonly byte[] _artifact = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

    public static TheoryData<bool> FromFile => new() { false, true };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ServeFile_Normal_StreamsTheFileWithItsContentLength()
    {
        var url = _server.ServeFile(WriteArtifact(), name: "app");

        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBe(_artifact.Length);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(_artifact);
        url.AbsolutePath.ShouldStartWith("/app-");
        _server.RequestCount(url).ShouldBe(1);
    }

    [Fact]
    public async Task ServeFile_ReadsTheFileWhenTheRequestArrives()
    {
        var path = WriteArtifact();
        var url = _server.ServeFile(path);
        byte[] replaced = [1, 2, 3];
        await File.WriteAllBytesAsync(path, replaced);

        (await _client.GetByteArrayAsync(url)).ShouldBe(replaced);
    }

    [Fact]
    public async Task ServeFile_NoContentLength_OmitsItAndEndsTheBodyByClosing()
    {
        var url = _server.ServeFile(WriteArtifact(), ArtifactServeMode.NoContentLength);

        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        response.Content.Headers.ContentLength.ShouldBeNull();
        response.Headers.TransferEncodingChunked.ShouldNotBe(true);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(_artifact);
    }

    [Fact]
    public async Task ServeFile_CutMidStream_AnnouncesTheFullLengthThenEndsTheBodyEarly()
    {
        var url = _server.ServeFile(WriteArtifact(), ArtifactServeMode.CutMidStream);

        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentLength.ShouldBe(_artifact.Length);
        var (received, failure) = await DrainAsync(response);

        failure.ShouldBeAssignableTo<IOException>();
        received.ShouldBeLessThan(_artifact.Length);
    }

    [Fact]
    public async Task ServeFile_UnavailableOnce_Answers503ThenTheFile()
    {
        var url = _server.ServeFile(WriteArtifact(), ArtifactServeMode.UnavailableOnce);

        using (var first = await _client.GetAsync(url))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }

        (await _client.GetByteArrayAsync(url)).ShouldBe(_artifact);
        _server.RequestCount(url).ShouldBe(2);
    }

    [Fact]
    public async Task ServeFile_FileDeletedAfterServe_Answers404()
    {
        var path = WriteArtifact();
        var url = _server.ServeFile(path);
        File.Delete(path);

        using var response = await _client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void ServeFile_MissingFile_ThrowsNamingThePath()
    {
        var path = _temp.Combine("missing.bin");

        var exception = Should.Throw<FileNotFoundException>(() => _server.ServeFile(path));

        exception.FileName.ShouldBe(path);
        exception.Message.ShouldContain("path must name an existing file");
    }

    [Theory]
    [MemberData(nameof(FromFile))]
    public async Task StallNextRequestAsync_SendsTheFullLengthAndHalfTheBodyThenHoldsUntilTheServerStops(bool fromFile)
    {
        var url = Serve(fromFile);
        var stalled = _server.StallNextRequestAsync(url, CancellationToken.None);
        stalled.IsCompleted.ShouldBeFalse();

        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentLength.ShouldBe(_artifact.Length);
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await using var body = await response.Content.ReadAsStreamAsync();
        var half = new byte[_artifact.Length / 2];
        await body.ReadExactlyAsync(half);
        half.ShouldBe(_artifact[..half.Length]);

        // Nothing more arrives while the server holds the connection; stopping the server ends it.
        var next = body.ReadAsync(new byte[1]).AsTask();
        next.IsCompleted.ShouldBeFalse();
        await _server.DisposeAsync();
        var failure = await Should.ThrowAsync<IOException>(next.WaitAsync(TimeSpan.FromSeconds(30)));
        failure.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(FromFile))]
    public async Task StallNextRequestAsync_StallsOnlyTheNextRequest(bool fromFile)
    {
        var url = Serve(fromFile);
        var stalled = _server.StallNextRequestAsync(url, CancellationToken.None);

        using (var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        }

        (await _client.GetByteArrayAsync(url)).ShouldBe(_artifact);
        _server.RequestCount(url).ShouldBe(2);
    }

    [Fact]
    public async Task StallNextRequestAsync_OverridesTheModeForThatRequest()
    {
        var url = _server.Serve(_artifact, ArtifactServeMode.NoContentLength);
        var stalled = _server.StallNextRequestAsync(url, CancellationToken.None);

        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        response.Content.Headers.ContentLength.ShouldBe(_artifact.Length);
    }

    [Fact]
    public async Task DisarmStall_Unconsumed_CancelsTheTaskAndServesTheNextRequestWhole()
    {
        var url = Serve(fromFile: true);
        var stalled = _server.StallNextRequestAsync(url, CancellationToken.None);

        _server.DisarmStall(url).ShouldBeTrue();

        await Should.ThrowAsync<OperationCanceledException>(stalled);
        (await _client.GetByteArrayAsync(url)).ShouldBe(_artifact);
        _server.DisarmStall(url).ShouldBeFalse();
    }

    [Fact]
    public async Task StallNextRequestAsync_Canceled_DisarmsTheStall()
    {
        var url = Serve(fromFile: false);
        using var cancellation = new CancellationTokenSource();
        var stalled = _server.StallNextRequestAsync(url, cancellation.Token);

        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(stalled);
        _server.DisarmStall(url).ShouldBeFalse();
        (await _client.GetByteArrayAsync(url)).ShouldBe(_artifact);
    }

    [Fact]
    public async Task StallNextRequestAsync_ServerDisposedBeforeARequest_CancelsTheTask()
    {
        var url = Serve(fromFile: false);
        var stalled = _server.StallNextRequestAsync(url, CancellationToken.None);

        await _server.DisposeAsync();

        await Should.ThrowAsync<OperationCanceledException>(stalled);
    }

    [Fact]
    public void StallNextRequestAsync_AlreadyArmed_Throws()
    {
        var url = Serve(fromFile: false);
        _ = _server.StallNextRequestAsync(url, CancellationToken.None);

        Should.Throw<InvalidOperationException>(() => _server.StallNextRequestAsync(url, CancellationToken.None));
    }

    [Fact]
    public void StallNextRequestAsync_UrlNotServedHere_ThrowsNamingTheParameter()
    {
        var url = new Uri($"http://127.0.0.1:{_server.Port}/never-served");

        var exception = Should.Throw<ArgumentException>(() => _server.StallNextRequestAsync(url, CancellationToken.None));

        exception.ParamName.ShouldBe("url");
    }

    private Uri Serve(bool fromFile) => fromFile ? _server.ServeFile(WriteArtifact()) : _server.Serve(_artifact);

    private string WriteArtifact()
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + ".bin");
        File.WriteAllBytes(path, _artifact);
        return path;
    }

    private static async Task<(long Received, Exception? Failure)> DrainAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long received = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }

            return (received, null);
        }
        catch (IOException exception)
        {
            return (received, exception);
        }
    }
}

/// <summary>Runs alone: it measures the whole process's allocations while a large file is served.</summary>
[CollectionDefinition(nameof(LoopbackArtifactServerMemoryCollection), DisableParallelization = true)]
public sealed class LoopbackArtifactServerMemoryCollection
{
}

/// <summary>Serving a large file from disk keeps the server's memory flat.</summary>
[Collection(nameof(LoopbackArtifactServerMemoryCollection))]
public sealed class LoopbackArtifactServerMemoryTests
{
    [Fact]
    public async Task ServeFile_LargeFile_IsStreamedWithoutReadingItIntoMemory()
    {
        const long size = 256L * 1024 * 1024;
        using var temp = new TempDirectory();
        var path = temp.Combine("large.bin");
        await using (var file = new FileStream(path, FileMode.CreateNew))
        {
            // Sparse: no disk writes, but served like any other file.
            file.SetLength(size);
        }

        await using var server = new LoopbackArtifactServer();
        using var client = new HttpClient();
        var url = server.ServeFile(path);
        var buffer = new byte[256 * 1024];
        var before = GC.GetTotalAllocatedBytes(precise: true);

        long received = 0;
        using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            response.Content.Headers.ContentLength.ShouldBe(size);
            await using var body = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        received.ShouldBe(size);
        allocated.ShouldBeLessThan(size / 8, $"serving {size} bytes allocated {allocated} bytes in the process");
    }
}
