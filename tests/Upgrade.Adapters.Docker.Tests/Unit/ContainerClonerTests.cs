using Docker.DotNet.Models;
using Upgrade.Adapters.Docker.Internal;

namespace Upgrade.Adapters.Docker.Tests.Unit;

public sealed class ContainerClonerTests
{
    private const string Id = "0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef";
    private const string NewImage = "registry:5000/node@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    private static DockerOCIImageConfig OldImage() => new()
    {
        Env = ["PATH=/bin", "APP_VERSION=1"],
        Entrypoint = ["/bin/node"],
        Cmd = ["--serve"],
        Labels = new Dictionary<string, string> { ["org.example.version"] = "1", ["org.example.vendor"] = "acme" },
        WorkingDir = "/",
        User = "",
        ExposedPorts = new Dictionary<string, EmptyStruct> { ["26656/tcp"] = default },
        Healthcheck = new HealthcheckConfig { Test = ["CMD", "/bin/true"], Interval = TimeSpan.FromSeconds(1) },
    };

    private static ContainerInspectResponse Container(Action<ContainerConfig>? change = null)
    {
        var config = new ContainerConfig
        {
            Hostname = Id[..12],
            Image = "registry:5000/node@sha256:1111111111111111111111111111111111111111111111111111111111111111",
            Env = ["PATH=/bin", "APP_VERSION=1", "NODE_ROLE=validator"],
            Entrypoint = ["/bin/node"],
            Cmd = ["--serve"],
            Labels = new Dictionary<string, string> { ["org.example.version"] = "1", ["org.example.vendor"] = "acme", ["org.example.node"] = "n1" },
            WorkingDir = "/data",
            User = "1000:1000",
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["26656/tcp"] = default, ["9090/tcp"] = default },
            Healthcheck = new HealthcheckConfig { Test = ["CMD", "/bin/true"], Interval = TimeSpan.FromSeconds(1) },
            StopSignal = "SIGINT",
        };
        change?.Invoke(config);
        return new ContainerInspectResponse
        {
            ID = Id,
            Config = config,
            HostConfig = new HostConfig
            {
                Binds = ["/srv/node/config:/etc/node:ro"],
                Mounts = [new Mount { Type = "bind", Source = "/srv/node/data", Target = "/data" }],
                NetworkMode = "host",
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.Always },
                PortBindings = new Dictionary<string, IList<PortBinding>> { ["9090/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "9090" }] },
            },
        };
    }

    [Fact]
    public void Clone_ChangesOnlyImageAndName_AndKeepsHostConfiguration()
    {
        var container = Container();

        var parameters = ContainerCloner.Clone(container, OldImage(), NewImage, "node");

        parameters.Image.ShouldBe(NewImage);
        parameters.Name.ShouldBe("node");
        parameters.HostConfig.ShouldBeSameAs(container.HostConfig);
        parameters.HostConfig.Binds.ShouldBe(["/srv/node/config:/etc/node:ro"]);
        parameters.HostConfig.RestartPolicy.Name.ShouldBe(RestartPolicyKind.Always);
        parameters.HostConfig.PortBindings["9090/tcp"].ShouldHaveSingleItem().HostPort.ShouldBe("9090");
        parameters.WorkingDir.ShouldBe("/data");
        parameters.User.ShouldBe("1000:1000");
        parameters.StopSignal.ShouldBe("SIGINT");
        parameters.NetworkingConfig.ShouldBeNull();
    }

    [Fact]
    public void Clone_ValuesInheritedFromOldImage_AreLeftToTheNewImage()
    {
        var parameters = ContainerCloner.Clone(Container(), OldImage(), NewImage, "node");

        parameters.Env.ShouldBe(["NODE_ROLE=validator"]);
        parameters.Labels.ShouldBe(new Dictionary<string, string> { ["org.example.node"] = "n1" });
        parameters.Entrypoint.ShouldBeNull();
        parameters.Cmd.ShouldBeNull();
        parameters.Healthcheck.ShouldBeNull();
        parameters.ExposedPorts.Keys.ShouldBe(["9090/tcp"]);
        parameters.Hostname.ShouldBeNull("the default hostname is the old container's short id");
    }

    [Fact]
    public void Clone_OverriddenCommandAndHealthCheck_AreKept()
    {
        var container = Container(config =>
        {
            config.Cmd = ["--serve", "--verbose"];
            config.Healthcheck = new HealthcheckConfig { Test = ["CMD", "/bin/check"] };
            config.Env = ["PATH=/bin", "APP_VERSION=override"];
            config.Hostname = "validator-1";
        });

        var parameters = ContainerCloner.Clone(container, OldImage(), NewImage, "node");

        parameters.Entrypoint.ShouldBeNull();
        parameters.Cmd.ShouldBe(["--serve", "--verbose"]);
        parameters.Healthcheck.Test.ShouldBe(["CMD", "/bin/check"]);
        parameters.Env.ShouldBe(["APP_VERSION=override"]);
        parameters.Hostname.ShouldBe("validator-1");
    }

    [Fact]
    public void Clone_OverriddenEntrypoint_KeepsEntrypointAndCommand()
    {
        var container = Container(config =>
        {
            config.Entrypoint = ["/bin/wrapper"];
            config.Cmd = ["--serve"];
        });

        var parameters = ContainerCloner.Clone(container, OldImage(), NewImage, "node");

        parameters.Entrypoint.ShouldBe(["/bin/wrapper"]);
        parameters.Cmd.ShouldBe(["--serve"]);
    }

    [Fact]
    public void Clone_WithoutOldImage_KeepsEveryValue()
    {
        var parameters = ContainerCloner.Clone(Container(), oldImage: null, NewImage, "node");

        parameters.Env.ShouldBe(["PATH=/bin", "APP_VERSION=1", "NODE_ROLE=validator"]);
        parameters.Cmd.ShouldBe(["--serve"]);
        parameters.Labels.Count.ShouldBe(3);
    }

    [Fact]
    public void Clone_UserDefinedNetwork_KeepsEndpointAliasesButNotTheOldId()
    {
        var container = Container();
        container.HostConfig.NetworkMode = "chain-net";
        container.NetworkSettings = new NetworkSettings
        {
            Networks = new Dictionary<string, EndpointSettings>
            {
                ["chain-net"] = new() { Aliases = ["node", Id[..12]], NetworkID = "n", EndpointID = "e", IPAddress = "172.20.0.5" },
            },
        };

        var parameters = ContainerCloner.Clone(container, OldImage(), NewImage, "node");

        var endpoint = parameters.NetworkingConfig.EndpointsConfig["chain-net"];
        endpoint.Aliases.ShouldBe(["node"]);
        endpoint.EndpointID.ShouldBeNullOrEmpty();
        endpoint.IPAddress.ShouldBeNullOrEmpty();
        endpoint.NetworkID.ShouldBeNullOrEmpty();
    }
}
