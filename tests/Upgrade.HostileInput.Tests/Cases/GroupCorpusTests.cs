using System.Text;
using System.Text.Json;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Every bad <see cref="RolloutGroupRequest"/> of <c>Corpus/groups</c> (snake_case JSON): <see cref="RolloutGroupService.CreateAsync"/>
/// rejects it naming the field and the rule (rules 8 and 9, one active rollout or group per chain, and each component's
/// rollout rules under <c>component_order[i].</c>), and no store row changes, the group tables included.
/// </summary>
public sealed class GroupCorpusTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    public static TheoryData<string> Cases => CorpusCase.Names("groups");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateAsync_BadGroupRequest_IsRejectedNamingFieldAndRuleAndChangesNothing(string name)
    {
        var corpusCase = CorpusCase.Get("groups", name);
        var world = fixture.World;
        var request = HostileWorld.ParseGroupRequest(corpusCase.ReadInput());
        var before = await world.CaptureAsync();

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => world.Groups.CreateAsync(request));

        CorpusAssert.NamesFieldAndRule(exception, corpusCase);
        (await world.CaptureAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"failure_policy": "rollback-all"}""", "$.failure_policy")]
    [InlineData("""{"failure_policy": true}""", "$.failure_policy")]
    [InlineData("""{"desired_versions": ["app", "v2"]}""", "$.desired_versions")]
    [InlineData("""{"desired_versions": {"app": 2}}""", "$.desired_versions.app")]
    [InlineData("""{"component_order": {"0": {"component_index": 0, "binary_name": "app"}}}""", "$.component_order")]
    [InlineData("""{"component_order": [{"component_index": "0", "binary_name": "app"}]}""", "$.component_order[0].component_index")]
    [InlineData("""{"component_order": [{"component_index": 0.5, "binary_name": "app"}]}""", "$.component_order[0].component_index")]
    [InlineData("""{"component_order": [{"binary_name": "app"}]}""", "$.component_order[0]")]
    [InlineData("""{"component_order": [{"component_index": 0, "binary_name": "app", "batch_size": 1e10}]}""", "$.component_order[0].batch_size")]
    public async Task ParseGroupRequest_WrongJsonType_FailsNamingThePathAndChangesNothing(string json, string path)
    {
        // A wrong JSON type never reaches the service: the front end's deserializer rejects it and names the path.
        var world = fixture.World;
        var before = await world.CaptureAsync();

        var exception = Should.Throw<JsonException>(() => HostileWorld.ParseGroupRequest(Encoding.UTF8.GetBytes(json)));

        exception.Path.ShouldBe(path);
        (await world.CaptureAsync()).ShouldBe(before);
    }
}
