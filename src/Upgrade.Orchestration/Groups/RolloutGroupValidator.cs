namespace Upgrade.Orchestration;

/// <summary>The group creation rules 8 and 9.</summary>
public static class RolloutGroupValidator
{
    /// <summary>Checks a group request and returns every violation.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The errors; empty when the request is valid.</returns>
    public static IReadOnlyList<UpgradeValidationError> Validate(RolloutGroupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<UpgradeValidationError>();
        if (string.IsNullOrWhiteSpace(request.ChainProfileId))
        {
            errors.Add(Error("chain_profile_id", RolloutRules.Required, "The field 'chain_profile_id' is required."));
        }

        if (request.FailurePolicy is null)
        {
            errors.Add(Error("failure_policy", RolloutRules.GroupDefinition, "The failure policy is required (partial_ok, rollback_all or manual); there is no default."));
        }
        else if (!Enum.IsDefined(request.FailurePolicy.Value))
        {
            // JSON binds any number to an enum: 7 would be stored as a policy the engine does not know.
            errors.Add(Error("failure_policy", RolloutRules.GroupDefinition, $"The failure policy must be partial_ok, rollback_all or manual, not {(int)request.FailurePolicy.Value}."));
        }

        var desired = request.DesiredVersions ?? new Dictionary<string, string>();
        if (desired.Count == 0)
        {
            errors.Add(Error("desired_versions", RolloutRules.GroupDefinition, "The desired versions must not be empty."));
        }

        var order = request.ComponentOrder ?? [];
        var seen = new HashSet<int>();
        for (var i = 0; i < order.Count; i++)
        {
            var component = order[i];
            if (!seen.Add(component.ComponentIndex))
            {
                errors.Add(Error($"component_order[{i}].component_index", RolloutRules.GroupComponentOrder, $"The component index {component.ComponentIndex} appears more than once."));
            }
            else if (component.ComponentIndex != i)
            {
                errors.Add(Error($"component_order[{i}].component_index", RolloutRules.GroupComponentOrder, $"The component at position {i} has index {component.ComponentIndex}; indexes must follow component_order."));
            }

            if (!desired.ContainsKey(component.BinaryName))
            {
                errors.Add(Error($"component_order[{i}].binary_name", RolloutRules.GroupDefinition, $"'{component.BinaryName}' has no entry in desired_versions."));
            }
        }

        foreach (var binary in desired.Keys.Order(StringComparer.Ordinal))
        {
            if (!order.Any(c => string.Equals(c.BinaryName, binary, StringComparison.Ordinal)))
            {
                errors.Add(Error("component_order", RolloutRules.GroupDefinition, $"The component order does not cover desired version '{binary}'."));
            }
        }

        return errors;
    }

    private static UpgradeValidationError Error(string field, string rule, string message) =>
        new() { Field = field, Rule = rule, Message = message };
}
