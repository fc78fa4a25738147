using Upgrade.Samples.ControlPlane.Options;
using Upgrade.Samples.ControlPlane.Security;

namespace Upgrade.Samples.ControlPlane.Tests;

/// <summary>A first start prints a generated admin key once and stores only its hash.</summary>
public sealed class AdminKeyBootstrapTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("controlplane-key-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public void FirstStart_PrintsTheKeyOnce_AndStoresOnlyItsSha256()
    {
        var options = new ControlPlaneOptions { StateDirectory = _stateDirectory };
        using var first = new StringWriter();
        using var second = new StringWriter();

        var entry = AdminKeyBootstrap.Ensure(options, first).ShouldNotBeNull();
        var again = AdminKeyBootstrap.Ensure(options, second).ShouldNotBeNull();

        var key = first.ToString().Split(' ', '\n').Single(w => w.StartsWith(ApiKeyHasher.Prefix, StringComparison.Ordinal));
        key.Length.ShouldBeGreaterThan(40);
        second.ToString().ShouldBeEmpty("the key is shown only at the first start");
        var stored = File.ReadAllText(Path.Combine(_stateDirectory, AdminKeyBootstrap.HashFileName));
        stored.ShouldNotContain(key);
        stored.Trim().ShouldBe(ApiKeyHasher.HashHex(key));
        entry.Sha256.ShouldBe(again.Sha256);
        entry.Scopes.ShouldBe(["admin"]);
        File.GetUnixFileMode(Path.Combine(_stateDirectory, AdminKeyBootstrap.HashFileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void ConfiguredAdminCredential_GeneratesNothing()
    {
        var options = new ControlPlaneOptions { StateDirectory = _stateDirectory };
        options.Authentication.ApiKeys.Add(new ApiKeySettings { Name = "ops", Sha256 = ApiKeyHasher.HashHex("k"), Scopes = ["admin"] });
        using var console = new StringWriter();

        AdminKeyBootstrap.Ensure(options, console).ShouldBeNull();

        console.ToString().ShouldBeEmpty();
        File.Exists(Path.Combine(_stateDirectory, AdminKeyBootstrap.HashFileName)).ShouldBeFalse();
    }
}
