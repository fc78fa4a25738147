using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Docker.Tests.Unit;

public sealed class DockerRuntimeOptionsValidationTests
{
    private static DockerRuntimeOptions Valid() => new()
    {
        Endpoint = "unix:///run/docker.sock",
        ContainerName = "chain-node",
        AllowedConfigRoots = ["/srv/chain/config"],
    };

    private static ValidateOptionsResult Validate(DockerRuntimeOptions options) => DockerRuntimeOptionsValidation.Validate(options);

    [Fact]
    public void Validate_Defaults_AreValidOnceNameAndRootsAreSet()
    {
        var options = new DockerRuntimeOptions { ContainerName = "node", AllowedConfigRoots = ["/srv/node"] };

        Validate(options).Succeeded.ShouldBeTrue();
        options.Endpoint.ShouldBe("unix:///var/run/docker.sock");
        options.StopTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.StartSettleTime.ShouldBe(TimeSpan.FromSeconds(2));
        options.ApiVersion.ShouldBe("1.41");
        Path.IsPathFullyQualified(options.StateDirectory).ShouldBeTrue("the default works without configuration");
        options.StateDirectory.ShouldEndWith(Path.Combine("upgrade-sdk", "docker"));
        options.StateDirectory.ShouldStartWith(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            Case.Sensitive,
            "the default needs no root");
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("https://docker.example:2376")]
    public void Validate_TcpEndpoint_IsValid(string endpoint)
    {
        var options = Valid();
        options.Endpoint = endpoint;

        Validate(options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_EmptyOptions_NamesEveryMissingField()
    {
        var options = new DockerRuntimeOptions { Endpoint = "", ApiVersion = "" };

        Validate(options).FailureMessage.ShouldBe(
            "Endpoint: The DockerRuntimeOptions.Endpoint field is required.; ContainerName: The DockerRuntimeOptions.ContainerName field is required.; ApiVersion: The DockerRuntimeOptions.ApiVersion field is required.; Property AllowedConfigRoots: must list at least one directory.");
    }

    [Theory]
    [InlineData(nameof(DockerRuntimeOptions.Endpoint), "Property Endpoint: must be an absolute unix://, tcp://, http:// or https:// URI. Endpoint: 'ssh://host'.")]
    [InlineData(nameof(DockerRuntimeOptions.ContainerName), "Property ContainerName: must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a Docker container name without a leading '/'). ContainerName: '/node'.")]
    [InlineData(nameof(DockerRuntimeOptions.AllowedConfigRoots), "Property AllowedConfigRoots: must hold absolute paths only. AllowedConfigRoots[0]: 'config'.")]
    [InlineData(nameof(DockerRuntimeOptions.ApiVersion), "Property ApiVersion: must have the form major.minor, for example 1.41. ApiVersion: 'v1.41'.")]
    [InlineData(nameof(DockerRuntimeOptions.StopTimeout), "StopTimeout: The field DockerRuntimeOptions.StopTimeout must be between 00:00:01 and 00:00:50.")]
    [InlineData(nameof(DockerRuntimeOptions.StartSettleTime), "StartSettleTime: The field DockerRuntimeOptions.StartSettleTime must be between 00:00:00 and 00:00:20.")]
    [InlineData(nameof(DockerRuntimeOptions.StateDirectory), "Property StateDirectory: must be an absolute path. StateDirectory: 'state'.")]
    public void Validate_InvalidField_NamesTheField(string field, string message)
    {
        var options = Valid();
        switch (field)
        {
            case nameof(DockerRuntimeOptions.Endpoint): options.Endpoint = "ssh://host"; break;
            case nameof(DockerRuntimeOptions.ContainerName): options.ContainerName = "/node"; break;
            case nameof(DockerRuntimeOptions.AllowedConfigRoots): options.AllowedConfigRoots = ["config"]; break;
            case nameof(DockerRuntimeOptions.ApiVersion): options.ApiVersion = "v1.41"; break;
            case nameof(DockerRuntimeOptions.StopTimeout): options.StopTimeout = TimeSpan.FromMinutes(2); break;
            case nameof(DockerRuntimeOptions.StartSettleTime): options.StartSettleTime = TimeSpan.FromSeconds(21); break;
            case nameof(DockerRuntimeOptions.StateDirectory): options.StateDirectory = "state"; break;
        }

        Validate(options).FailureMessage.ShouldBe(message);
    }

    [Fact]
    public void Validate_RootIsWholeFileSystem_IsRefused()
    {
        var options = Valid();
        options.AllowedConfigRoots = ["/"];

        Validate(options).FailureMessage.ShouldBe("Property AllowedConfigRoots: must not allow the whole file system. AllowedConfigRoots[0]: '/'.");
    }

    [Fact]
    public void Validate_StateDirectoryIsFileSystemRoot_IsRefused()
    {
        var options = Valid();
        options.StateDirectory = "/";

        Validate(options).FailureMessage.ShouldBe("Property StateDirectory: must not be the file system root. StateDirectory: '/'.");
    }

    [Fact]
    public void Validate_StateDirectoryEmpty_NamesTheField()
    {
        var options = Valid();
        options.StateDirectory = "";

        Validate(options).FailureMessage.ShouldBe("StateDirectory: The DockerRuntimeOptions.StateDirectory field is required.");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryError()
    {
        var options = Valid();
        options.ContainerName = null;
        options.StopTimeout = TimeSpan.Zero;

        var error = Should.Throw<OptionsValidationException>(() => new DockerRuntimeAdapter(options));

        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("ContainerName");
        error.Message.ShouldContain("StopTimeout");
    }
}
