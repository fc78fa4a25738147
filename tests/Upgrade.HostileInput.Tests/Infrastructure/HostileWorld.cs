using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Samples.ProcessRuntime;
using Upgrade.Testing;

namespace Upgrade.HostileInput.Tests;

/// <summary>
/// Everything a bad input could change, real and in one temp directory: the control plane's SQLite store and manifest
/// directory, and a node's file tree with a file-backed runtime adapter and an agent. <see cref="CaptureAsync"/> takes
/// the state a case must leave as it found it.
/// </summary>
public sealed class HostileWorld : IAsyncDisposable
{
    public const string ValidManifest = """
        upgrade_id: u-1
        chain_profile_id: chain-a
        node_type: full
        binary_name: app
        target_version: v2
        target_url: https://artifacts.example/app-v2
        target_checksum: sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        state_compatibility:
          migration_type: compatible
          notes: "State format unchanged"
        config_changes:
          - path: /etc/app/app.conf
            template: app.conf.tmpl
            overrides:
              max_peers: "100"

        """;

    public static readonly JsonSerializerOptions RequestJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly ServiceProvider _services;
    private readonly ProcessRuntimeAdapter _adapter;

    private HostileWorld(string root)
    {
        Root = root;
        ControlDirectory = Path.Combine(root, "control");
        NodeDirectory = Path.Combine(root, "node");
        DatabasePath = Path.Combine(ControlDirectory, "rollouts.db");
        var services = new ServiceCollection();
        services.AddSingleton<IChainCatalog>(new Catalog());
        services.AddSingleton<IConfigTemplateSource>(new Templates());
        services.AddSingleton<IConfigVariableSource>(new Variables());
        services.AddUpgradeOrchestration(o =>
        {
            o.DatabasePath = DatabasePath;
            o.ConfigDirectory = ControlDirectory;
        });
        _services = services.BuildServiceProvider();
        Rollouts = _services.GetRequiredService<RolloutService>();
        Groups = _services.GetRequiredService<RolloutGroupService>();
        Manifests = _services.GetRequiredService<IManifestReader>();

        var options = new ProcessRuntimeOptions
        {
            ServiceName = "app",
            ExecutablePath = Path.Combine(NodeDirectory, "bin", "app"),
            StateDirectory = Path.Combine(NodeDirectory, "state"),
            WorkingDirectory = NodeDirectory,
        };
        options.AllowedConfigRoots.Add(ConfigRoot);
        _adapter = new ProcessRuntimeAdapter(options, TimeProvider.System, NullLoggerFactory.Instance);
        Runtime = new CountingRuntimeAdapter(_adapter);
        AgentOptions = new UpgradeAgentOptions
        {
            RuntimeType = ProcessRuntimeAdapter.RuntimeType,
            InstallTarget = options.ExecutablePath,
            DataDirectory = Path.Combine(NodeDirectory, "data"),
            RootDirectory = NodeDirectory,
            MaxConfigFileBytes = 64 * 1024,
            MaxConfigFiles = 8,
        };
        AgentOptions.AllowedConfigRoots.Add(ConfigRoot);
        var completed = new FileCompletedUpgradeStore(Path.Combine(NodeDirectory, "data", ".agent", "completed"));
        var executor = new UpgradeExecutor(completed, new FileCheckpointStore(Path.Combine(NodeDirectory, "data", ".agent", "checkpoints")));
        Agent = new UpgradeAgent(executor, Runtime, completed, AgentOptions);
    }

    public string Root { get; }

    public string ControlDirectory { get; }

    public string NodeDirectory { get; }

    public string ConfigRoot => Path.Combine(NodeDirectory, "etc", "app");

    public string DatabasePath { get; }

    public RolloutService Rollouts { get; }

    public RolloutGroupService Groups { get; }

    public IManifestReader Manifests { get; }

    public CountingRuntimeAdapter Runtime { get; }

    public UpgradeAgentOptions AgentOptions { get; }

    public UpgradeAgent Agent { get; }

    public static RolloutRequest ValidManualRequest(string chain = "chain-a") => new()
    {
        ChainProfileId = chain,
        NodeType = "full",
        SourceVersion = "v1",
        BinaryName = "app",
        TargetVersion = "v2",
        TargetBinaryUrl = "https://artifacts.example/app-v2",
        TargetBinaryChecksum = "sha256:" + new string('a', 64),
        ManifestContentHash = "sha256:" + new string('b', 64),
    };

    public static RolloutRequest AutoRequest(string chain = "chain-a") => new()
    {
        UpgradeId = "u-1",
        ChainProfileId = chain,
        NodeType = "full",
        SourceVersion = "v1",
    };

    /// <summary>A valid manual-mode group request: <c>app</c> to v2 on one component.</summary>
    public static RolloutGroupRequest ValidGroupRequest(string chain = "chain-a") => new()
    {
        ChainProfileId = chain,
        FailurePolicy = RolloutGroupFailurePolicy.PartialOk,
        DesiredVersions = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "v2" },
        ComponentOrder =
        [
            new RolloutGroupComponent
            {
                ComponentIndex = 0,
                BinaryName = "app",
                NodeType = "full",
                SourceVersion = "v1",
                TargetBinaryUrl = "https://artifacts.example/app-v2",
                TargetBinaryChecksum = "sha256:" + new string('a', 64),
                ManifestContentHash = "sha256:" + new string('b', 64),
            },
        ],
    };

    /// <summary>
    /// Creates the world: manifests, a store holding one active rollout (<c>chain-busy</c>) and one started, still
    /// pending rollout group with its signal (<c>chain-g</c>), and a node on v1 with its config.
    /// </summary>
    public static async Task<HostileWorld> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("upgrade-hostile-").FullName;
        var control = Path.Combine(root, "control");
        WriteText(Path.Combine(control, "upgrades", "chain-a", "u-1.yaml"), ValidManifest);
        WriteText(Path.Combine(control, "upgrades", "chain-a", "u-breaking.yaml"), ValidManifest
            .Replace("upgrade_id: u-1", "upgrade_id: u-breaking", StringComparison.Ordinal)
            .Replace("migration_type: compatible", "migration_type: breaking", StringComparison.Ordinal));

        var node = Path.Combine(root, "node");
        WriteText(Path.Combine(node, "bin", "app"), "#!/bin/sh\necho app v1\n");
        File.SetUnixFileMode(Path.Combine(node, "bin", "app"), (UnixFileMode)Convert.ToInt32("755", 8));
        WriteText(Path.Combine(node, "etc", "app", "app.conf"), "greeting=v1\n");
        WriteText(Path.Combine(node, "etc", "app-other", "x.conf"), "other=1\n");
        WriteText(Path.Combine(node, "outside", "secret.conf"), "secret=do-not-touch\n");
        Directory.CreateDirectory(Path.Combine(node, "data"));
        Directory.CreateDirectory(Path.Combine(node, "state"));
        File.CreateSymbolicLink(Path.Combine(node, "etc", "app", "escape"), Path.Combine(node, "outside"));
        File.CreateSymbolicLink(Path.Combine(node, "etc", "app", "escape-file.conf"), Path.Combine(node, "outside", "secret.conf"));
        File.CreateSymbolicLink(Path.Combine(node, "etc", "app", "loop"), Path.Combine(node, "etc", "app", "loop"));

        var world = new HostileWorld(root);
        var busy = ValidManualRequest("chain-busy");
        await world.Rollouts.CreateAsync(busy);
        var group = await world.Groups.CreateAsync(ValidGroupRequest("chain-g"));
        await world.Groups.StartAsync(group.Id);
        return world;
    }

    /// <summary>Parses a rollout request the way an HTTP front end of the control plane would (snake_case JSON).</summary>
    public static RolloutRequest ParseRequest(byte[] json) => JsonSerializer.Deserialize<RolloutRequest>(json, RequestJson)
        ?? throw new InvalidDataException("The request is null.");

    /// <summary>Parses a rollout group request the way an HTTP front end of the control plane would (snake_case JSON).</summary>
    public static RolloutGroupRequest ParseGroupRequest(byte[] json) => JsonSerializer.Deserialize<RolloutGroupRequest>(json, RequestJson)
        ?? throw new InvalidDataException("The request is null.");

    /// <summary>Everything a rejected input must leave unchanged.</summary>
    public async Task<WorldState> CaptureAsync()
    {
        return new WorldState(await DescribeRowsAsync(), await DescribeFilesAsync(), Runtime.Calls.Count, Runtime.MutatingCalls.Count);
    }

    public async ValueTask DisposeAsync()
    {
        _adapter.Dispose();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }

    private static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private async Task<string> DescribeRowsAsync()
    {
        var builder = new StringBuilder();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join(" | ", values.Select(v => v is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(v, CultureInfo.InvariantCulture))));
            }

            builder.Append("table ").Append(table).Append(": ").Append(rows.Count).AppendLine(" rows");
            foreach (var row in rows.Order(StringComparer.Ordinal))
            {
                builder.AppendLine(row);
            }
        }

        return builder.ToString();
    }

    private async Task<string> DescribeFilesAsync()
    {
        // The database files are compared row by row above; SQLite may touch them on a read.
        var builder = new StringBuilder();
        var entries = Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !Path.GetFileName(p).StartsWith("rollouts.db", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var relative = Path.GetRelativePath(Root, entry);
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } target)
            {
                builder.Append(relative).Append(" -> ").AppendLine(target);
            }
            else if (Directory.Exists(entry))
            {
                builder.Append(relative).Append("/ mode=").AppendLine(Convert.ToString((int)File.GetUnixFileMode(entry), 8));
            }
            else
            {
                builder.Append(Path.GetDirectoryName(relative)).Append('/').Append(await FileStateSnapshot.DescribeAsync([entry], CancellationToken.None));
            }
        }

        return builder.ToString();
    }

    private sealed class Catalog : IChainCatalog
    {
        public Task<string?> GetRuntimeTypeAsync(string chainProfileId, CancellationToken cancellationToken) => Task.FromResult(chainProfileId switch
        {
            "chain-a" or "chain-busy" or "chain-g" => "process",
            "chain-d" => RuntimeTypes.Docker,
            _ => null,
        });
    }

    private sealed class Templates : IConfigTemplateSource
    {
        public Task<string?> GetTemplateAsync(string chainProfileId, string templateName, CancellationToken cancellationToken) => Task.FromResult(templateName switch
        {
            "app.conf.tmpl" => "greeting={{ greeting }}\nmax_peers={{ max_peers }}\n",
            "undefined-var.tmpl" => "greeting={{ greeting }}\nseeds={{ seeds }}\n",
            _ => (string?)null,
        });
    }

    private sealed class Variables : IConfigVariableSource
    {
        public Task<IReadOnlyDictionary<string, string>> GetVariablesAsync(string chainProfileId, string nodeType, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal) { ["greeting"] = "hi", ["max_peers"] = "50" });
    }
}
