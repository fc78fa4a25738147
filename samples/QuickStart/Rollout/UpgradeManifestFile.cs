using Upgrade.Orchestration;

namespace QuickStart.Rollout;

/// <summary>The upgrade manifest the quick start writes, and the config template it renders.</summary>
internal static class UpgradeManifestFile
{
    public const string TemplateName = "node.toml.tmpl";

    public static async Task WriteAsync(string configDirectory, string upgradeId, string url, string checksum, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(configDirectory, "upgrades", Fleet.LocalFleet.ChainProfileId);
        Directory.CreateDirectory(directory);
        var yaml = $"""
            upgrade_id: {upgradeId}
            chain_profile_id: {Fleet.LocalFleet.ChainProfileId}
            node_type: {Fleet.LocalFleet.NodeType}
            binary_name: node
            target_version: {Fleet.NodeBinaries.V2}
            target_url: {url}
            target_checksum: {checksum}
            state_compatibility:
              migration_type: compatible
              notes: "State format unchanged"
            config_changes:
              - path: {Fleet.FleetNode.ConfigPathInNode}
                template: {TemplateName}
                overrides:
                  max_peers: "100"

            """;
        var path = Path.Combine(directory, upgradeId + ".yaml");
        if (!File.Exists(path) || await File.ReadAllTextAsync(path, cancellationToken) != yaml)
        {
            await File.WriteAllTextAsync(path, yaml, cancellationToken);
        }
    }

    /// <summary>The base templates of the chain's config files.</summary>
    internal sealed class Templates : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken)
            => Task.FromResult<string?>(templateName == TemplateName ? "greeting = \"{{ greeting }}\"\nmax_peers = {{ max_peers }}\n" : null);
    }

    /// <summary>The variables every node of the chain renders its configs with.</summary>
    internal sealed class Variables : IConfigVariableSource
    {
        public Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
            {
                ["greeting"] = "hello from v2",
                ["max_peers"] = "50",
            });
    }
}
