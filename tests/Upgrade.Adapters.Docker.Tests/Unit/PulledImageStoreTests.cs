using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Upgrade.Adapters.Docker.Internal;

namespace Upgrade.Adapters.Docker.Tests.Unit;

public sealed class PulledImageStoreTests : IDisposable
{
    private const string Reference = "127.0.0.1:5000/chain/node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Other = "127.0.0.1:5000/chain/node@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pulled-images-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));

    private string StoreDirectory => Path.Combine(_root, "node", "pulled-images");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private PulledImageStore CreateSut() => new(StoreDirectory, _time);

    [Fact]
    public void FileNameOf_IsTheSha256HexOfTheReference_NeverTheReference()
    {
        var name = PulledImageStore.FileNameOf(Reference);

        name.ShouldMatch("^[0-9a-f]{64}\\.json$");
        name.ShouldBe(PulledImageStore.FileNameOf(Reference), "the name is stable across processes");
        name.ShouldNotBe(PulledImageStore.FileNameOf(Other));
        PulledImageStore.FileNameOf("../../etc/passwd").ShouldMatch("^[0-9a-f]{64}\\.json$");
    }

    [Fact]
    public async Task Find_NothingRecorded_IsNotRecordedAndCreatesNothing()
    {
        var lookup = await CreateSut().FindAsync(Reference, CancellationToken.None);

        lookup.IsRecorded.ShouldBeFalse();
        lookup.InvalidPath.ShouldBeNull();
        Directory.Exists(StoreDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task Record_ThenFindFromAnotherInstance_IsRecorded()
    {
        await CreateSut().RecordAsync(Reference, CancellationToken.None);

        var store = CreateSut();
        (await store.FindAsync(Reference, CancellationToken.None)).IsRecorded.ShouldBeTrue();
        (await store.FindAsync(Other, CancellationToken.None)).IsRecorded.ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(StoreDirectory).Select(Path.GetFileName).ShouldBe([PulledImageStore.FileNameOf(Reference)], "one file, no temporary file left");
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(store.PathOf(Reference)));
        document.RootElement.GetProperty("reference").GetString().ShouldBe(Reference);
        document.RootElement.GetProperty("format_version").GetInt32().ShouldBe(1);
        document.RootElement.GetProperty("recorded_at").GetDateTimeOffset().ShouldBe(_time.GetUtcNow());
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(store.PathOf(Reference)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Record_Twice_KeepsOneRecord()
    {
        var store = CreateSut();

        await store.RecordAsync(Reference, CancellationToken.None);
        await store.RecordAsync(Reference, CancellationToken.None);

        Directory.EnumerateFiles(StoreDirectory).Count().ShouldBe(1);
        (await store.FindAsync(Reference, CancellationToken.None)).IsRecorded.ShouldBeTrue();
    }

    [Fact]
    public async Task Record_AfterWriterKilledBeforeRename_RemovesTheStaleTemporaryFile()
    {
        var store = CreateSut();
        Directory.CreateDirectory(StoreDirectory);
        var stale = Path.Combine(StoreDirectory, "." + PulledImageStore.FileNameOf(Reference) + ".tmp-0123");
        await File.WriteAllTextAsync(stale, "{\"refer");

        (await store.ListAsync(CancellationToken.None)).Records.ShouldBeEmpty("a half-written temporary file is no record");
        (await store.FindAsync(Reference, CancellationToken.None)).IsRecorded.ShouldBeFalse();
        await store.RecordAsync(Reference, CancellationToken.None);

        File.Exists(stale).ShouldBeFalse();
        (await store.FindAsync(Reference, CancellationToken.None)).IsRecorded.ShouldBeTrue();
    }

    [Fact]
    public async Task Delete_Twice_IsSafe()
    {
        var store = CreateSut();
        await store.RecordAsync(Reference, CancellationToken.None);

        store.Delete(Reference);
        store.Delete(Reference);
        store.Delete(Other);

        (await store.FindAsync(Reference, CancellationToken.None)).IsRecorded.ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(StoreDirectory).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"format_version\":1}", "names no image reference")]
    [InlineData("null", "names no image reference")]
    [InlineData("{\"format_version\":2,\"reference\":\"REF\"}", "format version 2 is not 1")]
    public async Task Find_CorruptRecord_IsReportedAsInvalidAndNotTrusted(string content, string problem)
    {
        var store = CreateSut();
        Directory.CreateDirectory(StoreDirectory);
        await File.WriteAllTextAsync(store.PathOf(Reference), content.Replace("REF", Reference, StringComparison.Ordinal));

        var lookup = await store.FindAsync(Reference, CancellationToken.None);

        lookup.IsRecorded.ShouldBeFalse("an unreadable record errs on keeping the image");
        lookup.InvalidPath.ShouldBe(store.PathOf(Reference));
        lookup.Problem.ShouldNotBeNull().ShouldContain(problem);
        var (records, invalid) = await store.ListAsync(CancellationToken.None);
        records.ShouldBeEmpty();
        invalid.ShouldHaveSingleItem().Path.ShouldBe(store.PathOf(Reference));
    }

    [Fact]
    public async Task Find_RecordOfAnotherReferenceUnderThisName_IsInvalid()
    {
        var store = CreateSut();
        await store.RecordAsync(Other, CancellationToken.None);
        File.Copy(store.PathOf(Other), store.PathOf(Reference));

        var lookup = await store.FindAsync(Reference, CancellationToken.None);

        lookup.IsRecorded.ShouldBeFalse();
        lookup.Problem.ShouldNotBeNull().ShouldContain($"names the reference '{Other}'");
        var (records, invalid) = await store.ListAsync(CancellationToken.None);
        records.Select(record => record.Reference).ShouldBe([Other]);
        invalid.ShouldHaveSingleItem().Problem.ShouldContain("not the SHA-256 of the reference");
    }

    [Fact]
    public async Task List_UnknownFiles_AreIgnored()
    {
        var store = CreateSut();
        await store.RecordAsync(Reference, CancellationToken.None);
        await store.RecordAsync(Other, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(StoreDirectory, "README.txt"), "notes");
        await File.WriteAllTextAsync(Path.Combine(StoreDirectory, ".hidden.json"), "{}");
        Directory.CreateDirectory(Path.Combine(StoreDirectory, "sub.json"));

        var (records, invalid) = await store.ListAsync(CancellationToken.None);

        records.Select(record => record.Reference).Order(StringComparer.Ordinal).ShouldBe(new[] { Reference, Other }.Order(StringComparer.Ordinal));
        invalid.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_NoDirectory_IsEmpty()
    {
        var (records, invalid) = await CreateSut().ListAsync(CancellationToken.None);

        records.ShouldBeEmpty();
        invalid.ShouldBeEmpty();
    }
}
