namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Every bad <see cref="RolloutRequest"/> of <c>Corpus/requests</c> (snake_case JSON, auto and manual mode):
/// <see cref="RolloutService.CreateAsync"/> rejects it naming the field and the rule, and no store row changes.
/// </summary>
public sealed class RequestCorpusTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    public static TheoryData<string> Cases => CorpusCase.Names("requests");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CreateAsync_BadRequest_IsRejectedNamingFieldAndRuleAndChangesNothing(string name)
    {
        var corpusCase = CorpusCase.Get("requests", name);
        var world = fixture.World;
        var request = HostileWorld.ParseRequest(corpusCase.ReadInput());
        var before = await world.CaptureAsync();

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => world.Rollouts.CreateAsync(request));

        CorpusAssert.NamesFieldAndRule(exception, corpusCase);
        (await world.CaptureAsync()).ShouldBe(before);
    }
}
