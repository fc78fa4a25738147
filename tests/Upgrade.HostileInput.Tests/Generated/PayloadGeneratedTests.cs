using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Upgrade.Testing;
using Xunit.Abstractions;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Over 10,000 generated payloads: JSON parsing throws only <see cref="JsonException"/> (what System.Text.Json
/// documents), <see cref="UpgradePayloadValidator.Validate"/> never throws, and <see cref="UpgradeAgent.HandleAsync"/>
/// throws only what <see cref="IUpgradeAgent.HandleAsync"/> documents: <see cref="UpgradeValidationException"/> (then
/// with no runtime call at all) and <see cref="UpgradeInputMismatchException"/>. No call hangs.
/// </summary>
public sealed class PayloadGeneratedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Inputs = 10_000;
    private const ulong Seed = 20261130;

    private HostileWorld? _world;

    public async Task InitializeAsync() => _world = await HostileWorld.CreateAsync();

    public async Task DisposeAsync() => await _world!.DisposeAsync();

    [Fact]
    public async Task HandleAsync_GeneratedPayloads_OnlyThrowDocumentedExceptions()
    {
        var world = _world!;
        var runtime = new InMemoryRuntimeAdapter();
        runtime.SetState("/opt/app/bin/app", "app v1"u8.ToArray());
        runtime.PublishArtifact("https://artifacts.example/app-v2", Payloads.V2Artifact);
        var options = new UpgradeAgentOptions
        {
            RuntimeType = "memory",
            InstallTarget = "/opt/app/bin/app",
            DataDirectory = "/var/lib/app",
            RootDirectory = world.NodeDirectory,
            MaxConfigFileBytes = 64 * 1024,
            MaxConfigFiles = 8,
        };
        options.AllowedConfigRoots.Add(world.ConfigRoot);
        var completed = new InMemoryCompletedUpgradeStore();
        var agent = new UpgradeAgent(new UpgradeExecutor(completed, new InMemoryCheckpointStore(), null, new FakeTimeProvider()), runtime, completed, options);
        int unparsable = 0, rejected = 0, ran = 0, mismatched = 0;
        var byRule = new SortedDictionary<string, int>(StringComparer.Ordinal);

        var failures = await GeneratedInputRunner.RunAsync(PayloadInputs.Any, Seed, Inputs, async input =>
        {
            var payload = input.Payload;
            if (input.Json is { } json)
            {
                try
                {
                    payload = JsonSerializer.Deserialize<UpgradePayload>(json);
                }
                catch (JsonException)
                {
                    unparsable++;
                    return;
                }

                if (payload is null)
                {
                    unparsable++;
                    return;
                }
            }

            var errors = UpgradePayloadValidator.Validate(payload!, options);
            var calls = runtime.Calls.Count;
            try
            {
                await agent.HandleAsync(payload!, NullUpgradeProgressObserver.Instance, CancellationToken.None);
                errors.ShouldBeEmpty();
                ran++;
            }
            catch (UpgradeValidationException exception)
            {
                rejected++;
                exception.Errors.ShouldBe(errors);
                errors.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Field) && !string.IsNullOrWhiteSpace(e.Rule) && !string.IsNullOrWhiteSpace(e.Message));
                runtime.Calls.Count.ShouldBe(calls);
                foreach (var rule in errors.Select(e => e.Rule).Distinct())
                {
                    byRule[rule] = byRule.GetValueOrDefault(rule) + 1;
                }
            }
            catch (UpgradeInputMismatchException)
            {
                errors.ShouldBeEmpty();
                mismatched++;
            }
        });

        output.WriteLine($"{Inputs} inputs: {unparsable} not a payload (JsonException or null), {rejected} rejected, {ran} ran, {mismatched} input mismatches; rejections by rule: {string.Join(", ", byRule.Select(p => $"{p.Key}={p.Value}"))}");
        failures.ShouldBeEmpty();
        (unparsable + rejected + ran + mismatched).ShouldBe(Inputs);
        rejected.ShouldBeGreaterThan(Inputs / 4);
        ran.ShouldBeGreaterThan(Inputs / 100);
        unparsable.ShouldBeGreaterThan(Inputs / 100);
        byRule.Keys.Count.ShouldBeGreaterThanOrEqualTo(15);
    }
}
