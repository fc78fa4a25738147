using Upgrade.Internal;

namespace Upgrade.Adapters.FileSystem.Tests;

public sealed class ConfigPathGuardTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _outside;

    public ConfigPathGuardTests()
    {
        _root = _temp.Combine("etc");
        _outside = _temp.Combine("elsewhere");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
    }

    public void Dispose() => _temp.Dispose();

    private ConfigPathGuard CreateSut() => new([_root]);

    [Fact]
    public void Resolve_FileInsideRoot_ReturnsIt()
    {
        CreateSut().Resolve(Path.Combine(_root, "app.conf")).ShouldBe(Path.Combine(_root, "app.conf"));
    }

    [Fact]
    public void Resolve_MissingSubdirectoryInsideRoot_IsAllowed()
    {
        CreateSut().Resolve(Path.Combine(_root, "conf.d", "extra.conf")).ShouldBe(Path.Combine(_root, "conf.d", "extra.conf"));
    }

    [Fact]
    public void Resolve_DotDotThatStaysInside_IsAllowed()
    {
        CreateSut().Resolve(Path.Combine(_root, "sub", "..", "app.conf")).ShouldBe(Path.Combine(_root, "app.conf"));
    }

    [Fact]
    public void Resolve_DotDotEscape_Throws()
    {
        var exception = Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_root + "/../elsewhere/app.conf"));

        exception.Path.ShouldBe(_root + "/../elsewhere/app.conf");
        exception.Message.ShouldContain("outside the allowed roots");
    }

    [Fact]
    public void Resolve_AbsolutePathElsewhere_Throws()
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve("/etc/passwd"));
    }

    [Fact]
    public void Resolve_SiblingWithRootAsPrefix_Throws()
    {
        Directory.CreateDirectory(_root + "2");

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_root + "2/app.conf"));
    }

    [Fact]
    public void Resolve_RelativePath_Throws()
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve("etc/app.conf")).Message.ShouldContain("not an absolute path");
    }

    [Fact]
    public void Resolve_RootItself_Throws()
    {
        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(_root));
    }

    [Fact]
    public void Resolve_DirectorySymlinkLeadingOut_Throws()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), _outside);

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_root, "link", "app.conf")));
    }

    [Fact]
    public void Resolve_FileSymlinkLeadingOut_Throws()
    {
        File.WriteAllText(Path.Combine(_outside, "target.conf"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "app.conf"), Path.Combine(_outside, "target.conf"));

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_root, "app.conf")));
    }

    [Fact]
    public void Resolve_RelativeSymlinkWithDotDotLeadingOut_Throws()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        File.CreateSymbolicLink(Path.Combine(_root, "sub", "app.conf"), "../../elsewhere/app.conf");

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_root, "sub", "app.conf")));
    }

    [Fact]
    public void Resolve_SymlinkInsideRoot_ReturnsItsTarget()
    {
        File.WriteAllText(Path.Combine(_root, "real.conf"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "app.conf"), "real.conf");

        CreateSut().Resolve(Path.Combine(_root, "app.conf")).ShouldBe(Path.Combine(_root, "real.conf"));
    }

    [Fact]
    public void Resolve_RootBehindSymlink_AllowsPathsThroughEitherName()
    {
        var alias = _temp.Combine("alias");
        Directory.CreateSymbolicLink(alias, _root);
        var sut = new ConfigPathGuard([alias]);

        sut.Resolve(Path.Combine(alias, "app.conf")).ShouldBe(Path.Combine(_root, "app.conf"));
        sut.Resolve(Path.Combine(_root, "app.conf")).ShouldBe(Path.Combine(_root, "app.conf"));
    }

    [Fact]
    public void Resolve_SymlinkLoop_Throws()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        File.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));

        Should.Throw<PathNotAllowedException>(() => CreateSut().Resolve(Path.Combine(_root, "a")));
    }

    [Fact]
    public void Resolve_NoRoots_RefusesEverything()
    {
        Should.Throw<PathNotAllowedException>(() => new ConfigPathGuard([]).Resolve(Path.Combine(_root, "app.conf")));
    }
}
