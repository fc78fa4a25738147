namespace Upgrade.Orchestration.Tests.Creation;

public sealed class RolloutGroupValidatorTests
{
    [Fact]
    public void Validate_ValidGroup_ReturnsNoErrors()
    {
        RolloutGroupValidator.Validate(Valid()).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_DuplicateComponentIndex_FailsRule8()
    {
        var request = Valid();
        request.ComponentOrder = [Component(0, "geth"), Component(0, "lighthouse")];

        var errors = RolloutGroupValidator.Validate(request);

        errors.Select(e => (e.Field, e.Rule)).ShouldBe([("component_order[1].component_index", "rule-8")]);
    }

    [Fact]
    public void Validate_IndexesNotFollowingOrder_FailsRule8()
    {
        var request = Valid();
        request.ComponentOrder = [Component(1, "geth"), Component(0, "lighthouse")];

        var errors = RolloutGroupValidator.Validate(request);

        errors.Select(e => (e.Field, e.Rule)).ShouldBe([("component_order[0].component_index", "rule-8"), ("component_order[1].component_index", "rule-8")]);
    }

    [Fact]
    public void Validate_NoFailurePolicy_FailsRule9()
    {
        var request = Valid();
        request.FailurePolicy = null;

        RolloutGroupValidator.Validate(request).Select(e => (e.Field, e.Rule)).ShouldBe([("failure_policy", "rule-9")]);
    }

    [Fact]
    public void Validate_EmptyDesiredVersions_FailsRule9()
    {
        var request = Valid();
        request.DesiredVersions = new Dictionary<string, string>();
        request.ComponentOrder = [];

        RolloutGroupValidator.Validate(request).Select(e => (e.Field, e.Rule)).ShouldBe([("desired_versions", "rule-9")]);
    }

    [Fact]
    public void Validate_OrderNotCoveringDesiredVersions_FailsRule9()
    {
        var request = Valid();
        request.ComponentOrder = [Component(0, "geth"), Component(1, "prysm")];

        RolloutGroupValidator.Validate(request).Select(e => (e.Field, e.Rule)).ShouldBe(
            [("component_order[1].binary_name", "rule-9"), ("component_order", "rule-9")]);
    }

    private static RolloutGroupRequest Valid() => new()
    {
        ChainProfileId = "ethereum-holesky",
        FailurePolicy = RolloutGroupFailurePolicy.RollbackAll,
        DesiredVersions = new Dictionary<string, string> { ["geth"] = "v1.14.0", ["lighthouse"] = "v5.2.0" },
        ComponentOrder = [Component(0, "geth"), Component(1, "lighthouse")],
    };

    private static RolloutGroupComponent Component(int index, string binary) => new() { ComponentIndex = index, BinaryName = binary };
}
