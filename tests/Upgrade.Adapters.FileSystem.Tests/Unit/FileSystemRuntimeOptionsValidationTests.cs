using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.FileSystem.Tests;

public sealed class FileSystemRuntimeOptionsValidationTests
{
    private static string Failures(FileSystemRuntimeOptions options)
    {
        var exception = Should.Throw<OptionsValidationException>(() => FileSystemRuntimeOptionsValidation.ThrowIfInvalid(options));
        return string.Join("\n", exception.Failures);
    }

    [Fact]
    public void ThrowIfInvalid_Defaults_AreValid()
    {
        Should.NotThrow(() => FileSystemRuntimeOptionsValidation.ThrowIfInvalid(new TestRuntimeOptions()));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new FileSystemRuntimeOptions();

        options.AllowedConfigRoots.ShouldBeEmpty();
        options.AllowInsecureHttp.ShouldBeFalse();
        options.MaxArtifactSizeBytes.ShouldBe(1L << 30);
        options.DownloadRetryAttempts.ShouldBe(3);
        options.DownloadRetryDelay.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ThrowIfInvalid_RelativeAndFileSystemRoots_NameTheField()
    {
        var options = new TestRuntimeOptions();
        options.AllowedConfigRoots.Add("etc/node");
        options.AllowedConfigRoots.Add("/");
        options.AllowedConfigRoots.Add(" ");

        Failures(options).ShouldBe("""
            AllowedConfigRoots: The allowed config root at index 0 ('etc/node') is not an absolute path.
            AllowedConfigRoots: The allowed config root at index 1 ('/') is the file system root, which would allow every path.
            AllowedConfigRoots: The allowed config root at index 2 (' ') is not an absolute path.
            """);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ThrowIfInvalid_NonPositiveMaxArtifactSize_NamesTheField(long size)
    {
        var options = new TestRuntimeOptions { MaxArtifactSizeBytes = size };

        Failures(options).ShouldBe($"MaxArtifactSizeBytes: The largest artifact size must be positive, not {size}.");
    }

    [Fact]
    public void ThrowIfInvalid_OutOfRangeRetries_NameEachFieldAfterTheConcreteOptionsType()
    {
        var options = new TestRuntimeOptions
        {
            DownloadRetryAttempts = 21,
            DownloadRetryDelay = TimeSpan.FromMinutes(10),
        };

        Failures(options).ShouldBe("""
            DownloadRetryAttempts: The field TestRuntimeOptions.DownloadRetryAttempts must be between 0 and 20.
            DownloadRetryDelay: The field TestRuntimeOptions.DownloadRetryDelay must be between 00:00:00 and 00:05:00.
            """);
    }

    [Fact]
    public void ThrowIfInvalid_SeveralErrors_ListsThemAllInOneException()
    {
        var options = new TestRuntimeOptions { MaxArtifactSizeBytes = 0, DownloadRetryAttempts = -1 };
        options.AllowedConfigRoots.Add("relative");

        var exception = Should.Throw<OptionsValidationException>(() => FileSystemRuntimeOptionsValidation.ThrowIfInvalid(options));

        exception.OptionsType.ShouldBe(typeof(TestRuntimeOptions));
        exception.Failures.Count().ShouldBe(3);
    }

    [Fact]
    public void CustomValidator_ForADerivedOptionsType_ChecksTheInheritedRules()
    {
        var options = new TestRuntimeOptions { MaxArtifactSizeBytes = -5 };

        var result = new FileSystemRuntimeOptionsCustomValidator<TestRuntimeOptions>().Validate(Options.DefaultName, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldBe("MaxArtifactSizeBytes: The largest artifact size must be positive, not -5.");
    }

    [Fact]
    public void CustomValidator_ValidOptions_Succeeds()
    {
        var options = new TestRuntimeOptions();
        options.AllowedConfigRoots.Add("/etc/node");

        new FileSystemRuntimeOptionsCustomValidator<TestRuntimeOptions>().Validate(Options.DefaultName, options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsBeforeAnythingIsBuilt()
    {
        var options = new TestRuntimeOptions { DownloadRetryAttempts = 99 };

        var exception = Should.Throw<OptionsValidationException>(() => new TestRuntimeAdapter(options));

        exception.Message.ShouldContain("DownloadRetryAttempts");
    }
}
