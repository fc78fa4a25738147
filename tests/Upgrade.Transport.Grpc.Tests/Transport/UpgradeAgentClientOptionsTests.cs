namespace Upgrade.Transport.Grpc.Tests;

public sealed class UpgradeAgentClientOptionsTests
{
    [Fact]
    public void Validate_ValidOptions_HasNoErrors()
    {
        var options = new UpgradeAgentClientOptions
        {
            ControlPlaneAddress = new Uri("https://control-plane:7443"),
            NodeId = "node-1",
            Token = AgentCredentials.CreateToken(),
            StateDirectory = "/var/lib/upgrade-agent",
        };

        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_EveryFieldInvalid_ListsEveryFieldAndRule()
    {
        var options = new UpgradeAgentClientOptions
        {
            ControlPlaneAddress = new Uri("http://control-plane:7443"),
            Token = "short",
            StateDirectory = "relative",
            ReconnectDelay = TimeSpan.FromMinutes(2),
        };

        string.Join("\n", options.Validate()).ShouldBe("""
            ControlPlaneAddress: must be an absolute https URL (the token must not cross the network in clear).
            NodeId: must not be blank.
            Token: must be at least 32 characters long.
            StateDirectory: must be an absolute path.
            ReconnectDelay: must be more than zero and at most MaxReconnectDelay (was 00:02:00).
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void HashToken_ShortToken_Throws()
    {
        Should.Throw<ArgumentException>(() => AgentCredentials.HashToken("short")).ParamName.ShouldBe("token");
    }

    [Fact]
    public void Verify_TokenAgainstItsHash_OnlyTheSameTokenMatches()
    {
        var token = AgentCredentials.CreateToken();
        var hash = AgentCredentials.HashToken(token);

        AgentCredentials.Verify(token, hash).ShouldBeTrue();
        AgentCredentials.Verify(AgentCredentials.CreateToken(), hash).ShouldBeFalse();
        AgentCredentials.Verify(null, hash).ShouldBeFalse();
        AgentCredentials.Verify(token, "sha256:bad").ShouldBeFalse();
    }
}
