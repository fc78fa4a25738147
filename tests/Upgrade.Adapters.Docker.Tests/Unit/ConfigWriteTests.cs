using System.Runtime.Versioning;
using System.Text;

namespace Upgrade.Adapters.Docker.Tests.Unit;

[SupportedOSPlatform("linux")]
public sealed class ConfigWriteTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "docker-guard-" + Guid.NewGuid().ToString("N"));
    private readonly string _allowed;
    private readonly string _outside;

    public ConfigWriteTests()
    {
        _allowed = Path.Combine(_root, "allowed");
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(_allowed);
        Directory.CreateDirectory(_outside);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private DockerRuntimeAdapter CreateAdapter() => new(new DockerRuntimeOptions
    {
        Endpoint = "unix:///nonexistent/docker.sock",
        ContainerName = "node",
        AllowedConfigRoots = [_allowed],
    });

    [Theory]
    [InlineData("/../outside/app.conf")]
    [InlineData("/escape/app.conf")]
    public async Task WriteConfig_EscapingByDotDotOrSymlink_ThrowsBeforeWriting(string suffix)
    {
        Directory.CreateSymbolicLink(Path.Combine(_allowed, "escape"), _outside);
        using var adapter = CreateAdapter();

        await Should.ThrowAsync<PathNotAllowedException>(() => adapter.WriteConfigAsync(_allowed + suffix, Encoding.UTF8.GetBytes("x"), CancellationToken.None));

        Directory.EnumerateFileSystemEntries(_outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteConfig_OutsideRoots_ThrowsBeforeWriting()
    {
        using var adapter = CreateAdapter();
        var target = Path.Combine(_outside, "app.conf");

        await Should.ThrowAsync<PathNotAllowedException>(() => adapter.WriteConfigAsync(target, Encoding.UTF8.GetBytes("x"), CancellationToken.None));

        File.Exists(target).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(_outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteConfig_InsideRoot_WritesAtomicallyAndKeepsMode()
    {
        using var adapter = CreateAdapter();
        var target = Path.Combine(_allowed, "app.conf");
        await File.WriteAllTextAsync(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var content = Encoding.UTF8.GetBytes("new content\n");

        await adapter.WriteConfigAsync(target, content, CancellationToken.None);

        (await File.ReadAllBytesAsync(target)).ShouldBe(content);
        File.GetUnixFileMode(target).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await adapter.IsConfigWrittenAsync(target, Sha256Checksum.Compute(content), CancellationToken.None)).ShouldBeTrue();
        (await adapter.IsConfigWrittenAsync(target, Sha256Checksum.Compute("old"u8), CancellationToken.None)).ShouldBeFalse();
        Directory.EnumerateFiles(_allowed).ShouldHaveSingleItem();
    }
}
