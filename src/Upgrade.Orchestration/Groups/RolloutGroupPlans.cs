using System.Security.Cryptography;
using System.Text;

namespace Upgrade.Orchestration;

/// <summary>How a group's components become ordinary rollouts.</summary>
internal static class RolloutGroupPlans
{
    /// <summary>
    /// The id of a component's rollout, derived from the group and the index, so that an engine restarted between
    /// inserting the rollout and recording it finds the same rollout instead of creating a second one.
    /// </summary>
    public static Guid ComponentRolloutId(Guid groupId, int componentIndex)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"rollout-group/{groupId:D}/component/{componentIndex}"));
        var bytes = hash.AsSpan(0, 16).ToArray();

        // RFC 9562 version 8 (custom) and variant bits.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>The rollout request a component stands for: manual mode takes the target version from the desired versions.</summary>
    public static RolloutRequest ToRequest(string? chainProfileId, IReadOnlyDictionary<string, string>? desiredVersions, RolloutGroupComponent component, string? createdBy)
    {
        var autoMode = !string.IsNullOrEmpty(component.UpgradeId);
        return new RolloutRequest
        {
            UpgradeId = component.UpgradeId,
            ChainProfileId = chainProfileId,
            NodeType = component.NodeType,
            SourceVersion = component.SourceVersion,
            BinaryName = autoMode ? null : component.BinaryName,
            TargetVersion = autoMode ? null : desiredVersions?.GetValueOrDefault(component.BinaryName),
            TargetBinaryUrl = component.TargetBinaryUrl,
            TargetBinaryChecksum = component.TargetBinaryChecksum,
            ManifestContentHash = component.ManifestContentHash,
            MigrationType = component.MigrationType,
            RecoveryPlan = component.RecoveryPlan,
            ConfigChanges = component.ConfigChanges,
            RuntimeType = component.RuntimeType,
            Strategy = component.Strategy,
            BatchSize = component.BatchSize,
            CanarySize = component.CanarySize,
            FailureThreshold = component.FailureThreshold,
            HealthWaitDuration = component.HealthWaitDuration,
            ForceContinue = component.ForceContinue,
            SkipValidation = component.SkipValidation,
            AcknowledgeStateRisk = component.AcknowledgeStateRisk,
            Seed = component.Seed,
            CreatedBy = createdBy,
        };
    }

    /// <summary>
    /// Applies the rollout creation rules to one component; violations are added with the component's field prefix.
    /// In auto mode the manifest must upgrade the component's binary to its desired version (rule 9).
    /// </summary>
    public static async Task<Rollout?> BuildAsync(
        RolloutCreator creator,
        string? chainProfileId,
        IReadOnlyDictionary<string, string>? desiredVersions,
        RolloutGroupComponent component,
        int position,
        string? createdBy,
        List<UpgradeValidationError> errors,
        CancellationToken cancellationToken)
    {
        var own = new List<UpgradeValidationError>();
        var prefix = $"component_order[{position}].";
        var rollout = await creator.BuildAsync(ToRequest(chainProfileId, desiredVersions, component, createdBy), own, checkActive: false, cancellationToken).ConfigureAwait(false);
        if (rollout is not null && desiredVersions?.GetValueOrDefault(component.BinaryName) is { } desired)
        {
            if (!string.Equals(rollout.BinaryName, component.BinaryName, StringComparison.Ordinal))
            {
                own.Add(new() { Field = "binary_name", Rule = RolloutRules.GroupDefinition, Message = $"Manifest '{component.UpgradeId}' upgrades '{rollout.BinaryName}', not '{component.BinaryName}'." });
            }
            else if (!string.Equals(rollout.TargetVersion, desired, StringComparison.Ordinal))
            {
                own.Add(new() { Field = "target_version", Rule = RolloutRules.GroupDefinition, Message = $"Manifest '{component.UpgradeId}' targets {rollout.TargetVersion}, but desired_versions asks {desired} for '{component.BinaryName}'." });
            }
        }

        // Chain-level fields are the group's own; reporting them once per component would only repeat them.
        errors.AddRange(own
            .Where(e => e.Field is not "chain_profile_id")
            .Select(e => new UpgradeValidationError { Field = e.Field.StartsWith("component_order", StringComparison.Ordinal) ? e.Field : prefix + e.Field, Rule = e.Rule, Message = e.Message }));
        return own.Count == 0 ? rollout : null;
    }
}
