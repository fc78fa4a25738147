using System.Text.Json;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Every bad <see cref="UpgradePayload"/> of <c>Corpus/payloads</c> (JSON as sent to a node): the agent rejects it naming
/// the field and the rule before calling the runtime adapter at all, and no file of the node changes.
/// </summary>
public sealed class PayloadCorpusTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    public static TheoryData<string> Cases => CorpusCase.Names("payloads");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HandleAsync_BadPayload_IsRejectedNamingFieldAndRuleAndChangesNothing(string name)
    {
        var corpusCase = CorpusCase.Get("payloads", name);
        var world = fixture.World;
        var payload = JsonSerializer.Deserialize<UpgradePayload>(corpusCase.ReadInput()).ShouldNotBeNull();
        var before = await world.CaptureAsync();

        var exception = await Should.ThrowAsync<UpgradeValidationException>(() => world.Agent.HandleAsync(payload, NullUpgradeProgressObserver.Instance, CancellationToken.None));

        CorpusAssert.NamesFieldAndRule(exception, corpusCase);
        (await world.CaptureAsync()).ShouldBe(before);
    }
}
