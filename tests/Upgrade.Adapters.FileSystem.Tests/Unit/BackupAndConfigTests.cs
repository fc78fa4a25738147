using System.Text;
using System.Text.Json.Nodes;

namespace Upgrade.Adapters.FileSystem.Tests;

/// <summary>Backups, restores and configuration writes on the local file system (no systemd needed).</summary>
public sealed class BackupAndConfigTests : IDisposable
{
    private static readonly UnixFileMode Mode755 = (UnixFileMode)Convert.ToInt32("755", 8);
    private static readonly UnixFileMode Mode640 = (UnixFileMode)Convert.ToInt32("640", 8);
    private static readonly UnixFileMode Mode644 = (UnixFileMode)Convert.ToInt32("644", 8);

    private readonly TempDirectory _temp = new();
    private readonly TestRuntimeAdapter _sut;

    public BackupAndConfigTests()
    {
        Directory.CreateDirectory(_temp.Combine("bin"));
        Directory.CreateDirectory(_temp.Combine("etc"));
        File.WriteAllText(Binary, "binary v1");
        File.SetUnixFileMode(Binary, Mode755);
        File.WriteAllText(Config, "config v1");
        File.SetUnixFileMode(Config, Mode640);
        var options = new TestRuntimeOptions();
        options.AllowedConfigRoots.Add(_temp.Combine("etc"));
        _sut = new TestRuntimeAdapter(options);
    }

    private string Binary => _temp.Combine("bin", "node");

    private string Config => _temp.Combine("etc", "node.conf");

    private string NewConfig => _temp.Combine("etc", "conf.d", "new.conf");

    private string BackupDirectory => _temp.Combine("data", ".upgrade-backup", "u1");

    public void Dispose()
    {
        _sut.Dispose();
        _temp.Dispose();
    }

    private BackupRequest Request() => new()
    {
        BackupDirectory = BackupDirectory,
        UpgradeId = "u1",
        InstallTarget = Binary,
        ConfigPaths = [Config, NewConfig],
    };

    private async Task ChangeEverythingAsync()
    {
        await File.WriteAllTextAsync(Binary, "binary v2");
        await _sut.WriteConfigAsync(Config, Encoding.UTF8.GetBytes("config v2"), CancellationToken.None);
        await _sut.WriteConfigAsync(NewConfig, Encoding.UTF8.GetBytes("new in v2"), CancellationToken.None);
    }

    [Fact]
    public async Task BackupStateAsync_WritesCopiesAndAManifestWithEveryFile()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);

        (await File.ReadAllTextAsync(Path.Combine(BackupDirectory, "binaries", "node"))).ShouldBe("binary v1");
        File.GetUnixFileMode(Path.Combine(BackupDirectory, "binaries", "node")).ShouldBe(Mode755);
        (await File.ReadAllTextAsync(Path.Combine(BackupDirectory, "configs", "node.conf"))).ShouldBe("config v1");
        File.GetUnixFileMode(Path.Combine(BackupDirectory, "configs", "node.conf")).ShouldBe(Mode640);

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BackupDirectory, "manifest.json")))!;
        manifest["upgrade_id"]!.GetValue<string>().ShouldBe("u1");
        manifest["unit_name"]!.GetValue<string>().ShouldBe("node");
        var files = manifest["files"]!.AsArray();
        files.Count.ShouldBe(3);
        files[0]!["kind"]!.GetValue<string>().ShouldBe("binary");
        files[0]!["original_path"]!.GetValue<string>().ShouldBe(Binary);
        files[0]!["backup_path"]!.GetValue<string>().ShouldBe("binaries/node");
        files[0]!["mode"]!.GetValue<string>().ShouldBe("0755");
        files[0]!["checksum"]!.GetValue<string>().ShouldBe(Sha256Checksum.Compute("binary v1"u8));
        files[1]!["original_path"]!.GetValue<string>().ShouldBe(Config);
        files[1]!["mode"]!.GetValue<string>().ShouldBe("0640");
        files[2]!["original_path"]!.GetValue<string>().ShouldBe(NewConfig);
        files[2]!["existed"]!.GetValue<bool>().ShouldBeFalse();
        (await _sut.IsBackedUpAsync(BackupDirectory, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task BackupStateAsync_CompleteBackupExists_DoesNotOverwriteIt()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();

        await _sut.BackupStateAsync(Request(), CancellationToken.None);

        (await File.ReadAllTextAsync(Path.Combine(BackupDirectory, "binaries", "node"))).ShouldBe("binary v1");
    }

    [Fact]
    public async Task BackupStateAsync_TamperedBackupExists_RefusesToOverwriteIt()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(BackupDirectory, "binaries", "node"), "tampered");

        await Should.ThrowAsync<BackupIntegrityException>(() => _sut.BackupStateAsync(Request(), CancellationToken.None));

        (await File.ReadAllTextAsync(Path.Combine(BackupDirectory, "binaries", "node"))).ShouldBe("tampered");
    }

    [Fact]
    public async Task BackupStateAsync_ConfigOutsideRoots_RefusedBeforeWritingAnything()
    {
        var request = Request() with { ConfigPaths = [Config, _temp.Combine("etc", "..", "bin", "node")] };

        await Should.ThrowAsync<PathNotAllowedException>(() => _sut.BackupStateAsync(request, CancellationToken.None));

        Directory.Exists(BackupDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task IsBackedUpAsync_NoManifest_IsFalse()
    {
        Directory.CreateDirectory(Path.Combine(BackupDirectory, "binaries"));
        await File.WriteAllTextAsync(Path.Combine(BackupDirectory, "binaries", "node"), "binary v1");

        (await _sut.IsBackedUpAsync(BackupDirectory, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task IsBackedUpAsync_TamperedCopy_IsFalse()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(BackupDirectory, "configs", "node.conf"), "tampered");

        (await _sut.IsBackedUpAsync(BackupDirectory, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task RestoreStateAsync_All_RestoresBytesAndModesAndRemovesNewFiles()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();
        File.SetUnixFileMode(Binary, Mode644);

        await _sut.RestoreStateAsync(BackupDirectory, RestoreScope.All, CancellationToken.None);

        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v1");
        File.GetUnixFileMode(Binary).ShouldBe(Mode755);
        (await File.ReadAllTextAsync(Config)).ShouldBe("config v1");
        File.GetUnixFileMode(Config).ShouldBe(Mode640);
        File.Exists(NewConfig).ShouldBeFalse();
        Directory.GetFiles(_temp.Combine("etc")).ShouldBe([Config], "no temporary file may be left");

        // Idempotent: a second restore changes nothing and does not fail.
        await _sut.RestoreStateAsync(BackupDirectory, RestoreScope.All, CancellationToken.None);
        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v1");
    }

    [Fact]
    public async Task RestoreStateAsync_ArtifactScope_LeavesConfigsAlone()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();

        await _sut.RestoreStateAsync(BackupDirectory, RestoreScope.Artifact, CancellationToken.None);

        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v1");
        (await File.ReadAllTextAsync(Config)).ShouldBe("config v2");
        File.Exists(NewConfig).ShouldBeTrue();
    }

    [Fact]
    public async Task RestoreStateAsync_ConfigsScope_LeavesTheBinaryAlone()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();

        await _sut.RestoreStateAsync(BackupDirectory, RestoreScope.Configs, CancellationToken.None);

        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v2");
        (await File.ReadAllTextAsync(Config)).ShouldBe("config v1");
        File.Exists(NewConfig).ShouldBeFalse();
    }

    [Fact]
    public async Task RestoreStateAsync_TamperedCopy_AbortsBeforeChangingAnything()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();
        await File.WriteAllTextAsync(Path.Combine(BackupDirectory, "configs", "node.conf"), "tampered");

        var exception = await Should.ThrowAsync<BackupIntegrityException>(() => _sut.RestoreStateAsync(BackupDirectory, RestoreScope.All, CancellationToken.None));

        exception.Message.ShouldContain("node.conf");
        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v2", "nothing is restored from a tampered backup");
        (await File.ReadAllTextAsync(Config)).ShouldBe("config v2");
    }

    [Fact]
    public async Task RestoreStateAsync_TamperedManifestChecksum_Aborts()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        await ChangeEverythingAsync();
        var manifestPath = Path.Combine(BackupDirectory, "manifest.json");
        var text = await File.ReadAllTextAsync(manifestPath);
        await File.WriteAllTextAsync(manifestPath, text.Replace(Sha256Checksum.Compute("binary v1"u8), Sha256Checksum.Compute("binary v2"u8), StringComparison.Ordinal));

        await Should.ThrowAsync<BackupIntegrityException>(() => _sut.RestoreStateAsync(BackupDirectory, RestoreScope.Artifact, CancellationToken.None));

        (await File.ReadAllTextAsync(Binary)).ShouldBe("binary v2");
    }

    [Fact]
    public async Task RestoreStateAsync_ManifestPointingOutsideConfigRoots_Aborts()
    {
        await _sut.BackupStateAsync(Request(), CancellationToken.None);
        var manifestPath = Path.Combine(BackupDirectory, "manifest.json");
        var text = await File.ReadAllTextAsync(manifestPath);
        await File.WriteAllTextAsync(manifestPath, text.Replace(NewConfig, "/etc/passwd", StringComparison.Ordinal));

        await Should.ThrowAsync<BackupIntegrityException>(() => _sut.RestoreStateAsync(BackupDirectory, RestoreScope.Configs, CancellationToken.None));

        File.Exists("/etc/passwd").ShouldBeTrue();
    }

    [Fact]
    public async Task RestoreStateAsync_NoBackup_Throws()
    {
        await Should.ThrowAsync<BackupIntegrityException>(() => _sut.RestoreStateAsync(BackupDirectory, RestoreScope.All, CancellationToken.None));
    }

    [Fact]
    public async Task WriteConfigAsync_InsideRoots_WritesAtomicallyWithMode0644()
    {
        await _sut.WriteConfigAsync(Config, Encoding.UTF8.GetBytes("config v2"), CancellationToken.None);

        (await File.ReadAllTextAsync(Config)).ShouldBe("config v2");
        File.GetUnixFileMode(Config).ShouldBe(Mode644);
        Directory.GetFiles(_temp.Combine("etc")).ShouldBe([Config]);
        (await _sut.IsConfigWrittenAsync(Config, Sha256Checksum.Compute("config v2"u8), CancellationToken.None)).ShouldBeTrue();
        (await _sut.IsConfigWrittenAsync(Config, Sha256Checksum.Compute("config v1"u8), CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task WriteConfigAsync_EscapingPath_IsRefusedAndWritesNothing()
    {
        var escaping = _temp.Combine("etc", "..", "escaped.conf");

        await Should.ThrowAsync<PathNotAllowedException>(() => _sut.WriteConfigAsync(escaping, "x"u8.ToArray(), CancellationToken.None));

        File.Exists(_temp.Combine("escaped.conf")).ShouldBeFalse();
    }

    [Fact]
    public async Task WriteConfigAsync_ThroughSymlinkOut_IsRefusedAndWritesNothing()
    {
        Directory.CreateDirectory(_temp.Combine("outside"));
        Directory.CreateSymbolicLink(_temp.Combine("etc", "link"), _temp.Combine("outside"));

        await Should.ThrowAsync<PathNotAllowedException>(() => _sut.WriteConfigAsync(_temp.Combine("etc", "link", "x.conf"), "x"u8.ToArray(), CancellationToken.None));

        Directory.GetFiles(_temp.Combine("outside")).ShouldBeEmpty();
    }

    [Fact]
    public async Task IsConfigWrittenAsync_MissingFile_IsFalse()
    {
        (await _sut.IsConfigWrittenAsync(NewConfig, Sha256Checksum.Compute("x"u8), CancellationToken.None)).ShouldBeFalse();
    }
}
