using System.Runtime.Versioning;
using System.Text;
using Upgrade.Adapters.Docker.Internal;

namespace Upgrade.Adapters.Docker.Tests.Unit;

[SupportedOSPlatform("linux")]
public sealed class ConfigPathGuardTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "docker-guard-" + Guid.NewGuid().ToString("N"));
    private readonly string _allowed;
    private readonly string _outside;

    public ConfigPathGuardTests()
    {
        _allowed = Path.Combine(_root, "allowed");
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(_allowed);
        Directory.CreateDirectory(_outside);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ConfigPathGuard CreateSut() => new([_allowed]);

    [Fact]
    public void Resolve_FileInsideRoot_ReturnsIt()
    {
        CreateSut().Resolve(Path.Combine(_allowed, "sub", "app.conf")).ShouldBe(Path.Combine(ConfigPathGuard.RealPath(_allowed, 0), "sub", "app.conf"));
    }

    [Theory]
    [InlineData("relative/app.conf", "not an absolute path")]
    [InlineData("", "not an absolute path")]
    public void Resolve_RelativePath_IsRefused(string path, string reason)
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(path)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Resolve_DotDotOutOfRoot_IsRefused()
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_allowed + "/../outside/app.conf")).Message.ShouldContain("'..'");
    }

    [Fact]
    public void Resolve_RootItselfOrSibling_IsRefused()
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_allowed));
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_allowed + "-other/app.conf"));
    }

    [Fact]
    public void Resolve_SymlinkedDirectoryLeadingOutside_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_allowed, "escape"), _outside);

        var error = Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_allowed, "escape", "app.conf")));

        error.Message.ShouldContain("outside the allowed roots");
    }

    [Fact]
    public void Resolve_SymlinkedFileLeadingOutside_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_allowed, "app.conf"), Path.Combine(_outside, "target.conf"));

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_allowed, "app.conf")));
    }

    [Fact]
    public async Task WriteConfig_OutsideRoots_ThrowsBeforeWriting()
    {
        using var adapter = new DockerRuntimeAdapter(new DockerRuntimeOptions
        {
            Endpoint = "unix:///nonexistent/docker.sock",
            ContainerName = "node",
            AllowedConfigRoots = [_allowed],
        });
        var target = Path.Combine(_outside, "app.conf");

        await Should.ThrowAsync<PathNotAllowedException>(() => adapter.WriteConfigAsync(target, Encoding.UTF8.GetBytes("x"), CancellationToken.None));

        File.Exists(target).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(_outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteConfig_InsideRoot_WritesAtomicallyAndKeepsMode()
    {
        using var adapter = new DockerRuntimeAdapter(new DockerRuntimeOptions
        {
            Endpoint = "unix:///nonexistent/docker.sock",
            ContainerName = "node",
            AllowedConfigRoots = [_allowed],
        });
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
