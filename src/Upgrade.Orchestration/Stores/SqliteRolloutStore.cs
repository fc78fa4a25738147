using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Upgrade.Orchestration;

/// <summary>
/// The embedded durable rollout store: one SQLite file in WAL mode with the tables <c>rollouts</c> (a partial unique
/// index allows one active rollout per chain), <c>rollout_nodes</c> (unique per rollout and node) and
/// <c>rollout_signals</c>. Counters are adjusted in the transaction that writes node statuses.
/// </summary>
public sealed partial class SqliteRolloutStore : IRolloutStore, IRolloutGroupStore
{
    private const string SqliteConstraint = "UNIQUE constraint failed";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS rollouts (
            id TEXT PRIMARY KEY,
            group_id TEXT NULL,
            component_index INTEGER NULL,
            chain_profile_id TEXT NOT NULL CHECK (length(chain_profile_id) BETWEEN 1 AND 100),
            node_type TEXT NOT NULL,
            runtime_type TEXT NOT NULL,
            binary_name TEXT NOT NULL CHECK (length(binary_name) BETWEEN 1 AND 100),
            source_version TEXT NOT NULL CHECK (length(source_version) <= 50),
            target_version TEXT NOT NULL CHECK (length(target_version) <= 50),
            target_binary_url TEXT NOT NULL,
            target_binary_checksum TEXT NOT NULL CHECK (target_binary_checksum <> ''),
            upgrade_id TEXT NULL,
            manifest_content_hash TEXT NOT NULL,
            strategy TEXT NOT NULL CHECK (strategy IN ('rolling', 'canary', 'all_at_once')),
            batch_size INTEGER NOT NULL,
            canary_size INTEGER NOT NULL,
            failure_threshold REAL NOT NULL,
            health_wait_ticks INTEGER NOT NULL,
            force_continue INTEGER NOT NULL,
            skip_validation INTEGER NOT NULL,
            migration_type TEXT NOT NULL,
            recovery_plan TEXT NULL,
            acknowledge_state_risk INTEGER NOT NULL,
            config_files TEXT NOT NULL,
            seed INTEGER NOT NULL,
            created_by TEXT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled', 'rolling_back', 'rolled_back')),
            pause_reason TEXT NOT NULL,
            forced INTEGER NOT NULL,
            canary_approved INTEGER NOT NULL,
            targets_resolved INTEGER NOT NULL,
            batch_count INTEGER NOT NULL,
            current_batch INTEGER NOT NULL,
            total_nodes INTEGER NOT NULL DEFAULT 0,
            succeeded_nodes INTEGER NOT NULL DEFAULT 0,
            failed_nodes INTEGER NOT NULL DEFAULT 0,
            pending_nodes INTEGER NOT NULL DEFAULT 0,
            rolled_back_nodes INTEGER NOT NULL DEFAULT 0,
            signal_cursor INTEGER NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started_at TEXT NULL,
            completed_at TEXT NULL,
            unpublished_events TEXT NOT NULL DEFAULT '[]'
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_rollouts_active_chain ON rollouts(chain_profile_id)
            WHERE status IN ('pending', 'running', 'paused', 'rolling_back');
        CREATE TABLE IF NOT EXISTS rollout_nodes (
            id TEXT PRIMARY KEY,
            rollout_id TEXT NOT NULL REFERENCES rollouts(id),
            node_id TEXT NOT NULL,
            batch_index INTEGER NOT NULL,
            status TEXT NOT NULL,
            stage TEXT NOT NULL,
            upgrade_phase TEXT NULL,
            previous_version TEXT NULL,
            previous_binary_url TEXT NULL,
            previous_checksum TEXT NULL,
            error_message TEXT NULL,
            attempt_count INTEGER NOT NULL,
            config_variables TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NULL,
            completed_at TEXT NULL,
            UNIQUE (rollout_id, node_id)
        );
        CREATE TABLE IF NOT EXISTS rollout_signals (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            rollout_id TEXT NOT NULL REFERENCES rollouts(id),
            kind TEXT NOT NULL,
            node_id TEXT NULL,
            created_at TEXT NOT NULL
        );
        """;

    private const string RolloutColumns = """
        id, group_id, component_index, chain_profile_id, node_type, runtime_type, binary_name, source_version,
        target_version, target_binary_url, target_binary_checksum, upgrade_id, manifest_content_hash, strategy,
        batch_size, canary_size, failure_threshold, health_wait_ticks, force_continue, skip_validation, migration_type,
        recovery_plan, acknowledge_state_risk, config_files, seed, created_by, status, pause_reason, forced,
        canary_approved, targets_resolved, batch_count, current_batch, total_nodes, succeeded_nodes, failed_nodes,
        pending_nodes, rolled_back_nodes, signal_cursor, version, created_at, updated_at, started_at, completed_at,
        unpublished_events
        """;

    private const string NodeColumns = """
        id, rollout_id, node_id, batch_index, status, stage, upgrade_phase, previous_version, previous_binary_url,
        previous_checksum, error_message, attempt_count, config_variables, started_at, completed_at
        """;

    /// <summary>The counter columns of <c>rollouts</c>, in the order <see cref="Count"/> indexes them.</summary>
    private static readonly string[] CounterColumns = ["total_nodes", "succeeded_nodes", "failed_nodes", "pending_nodes", "rolled_back_nodes"];

    /// <summary>The counters, which an update never writes directly: they move with the node statuses it writes.</summary>
    private static readonly FrozenSet<string> CounterColumnSet = CounterColumns.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> NoExcludedColumns = FrozenSet<string>.Empty;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Initializes a new instance of the <see cref="SqliteRolloutStore"/> class over a database file.</summary>
    /// <param name="databasePath">The SQLite file; created with its schema on first use.</param>
    public SqliteRolloutStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Gets the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc/>
    public async Task<Rollout> InsertAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var stored = RolloutCounters.Apply(rollout, []) with { Version = 1 };
        await InsertRowAsync(
            "rollouts",
            RolloutColumns,
            p => BindRollout(p, stored),
            $"Rollout {rollout.Id} already exists.",
            exception => ActiveRolloutConflictException.ForChain(rollout.ChainProfileId, exception),
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc/>
    public async Task<Rollout?> GetAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadRolloutAsync(connection, null, rolloutId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Rollout>> ListAsync(bool activeOnly, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {RolloutColumns} FROM rollouts"
                + (activeOnly ? " WHERE status IN ('pending', 'running', 'paused', 'rolling_back')" : string.Empty)
                + " ORDER BY created_at, id;",
            _ => { },
            ReadRollout,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutNode>> GetNodesAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var list = await QueryAsync(
            $"SELECT {NodeColumns} FROM rollout_nodes WHERE rollout_id = $rollout_id ORDER BY batch_index, node_id;",
            p => p.AddWithValue("$rollout_id", rolloutId.ToString("D")),
            ReadNode,
            cancellationToken).ConfigureAwait(false);

        // SQLite orders TEXT by bytes, which is ordinal for ASCII; sort again so both stores agree on any input.
        return [.. list.OrderBy(n => n.BatchIndex).ThenBy(n => n.NodeId, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<Rollout> UpdateAsync(Rollout rollout, IReadOnlyList<RolloutNode> nodes, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
        {
            if (node.RolloutId != rollout.Id)
            {
                throw new ArgumentException($"Node '{node.NodeId}' belongs to rollout {node.RolloutId}, not {rollout.Id}.", nameof(nodes));
            }
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var stored = rollout with { Version = expectedVersion + 1 };
                var written = await UpdateVersionedAsync(
                    connection,
                    transaction,
                    "rollouts",
                    RolloutColumns,
                    CounterColumnSet,
                    p => BindRollout(p, stored),
                    expectedVersion,
                    exception => ActiveRolloutConflictException.ForChain(rollout.ChainProfileId, exception),
                    cancellationToken).ConfigureAwait(false);
                if (!written)
                {
                    var current = await ReadRolloutAsync(connection, transaction, rollout.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Rollout {rollout.Id} does not exist.");
                    throw new ConcurrencyException(rollout.Id, expectedVersion, current.Version);
                }

                // Counters move by the status changes written here: a recount would read every node of the rollout on
                // each write, which makes driving a large rollout quadratic.
                var deltas = new long[CounterColumns.Length];
                var upsert = connection.CreateCommand();
                var previous = connection.CreateCommand();
                await using (upsert.ConfigureAwait(false))
                await using (previous.ConfigureAwait(false))
                {
                    upsert.Transaction = transaction;
                    var assignments = string.Join(", ", Split(NodeColumns)
                        .Where(c => c is not ("id" or "rollout_id" or "node_id"))
                        .Select(c => $"{c} = excluded.{c}"));
                    upsert.CommandText = $"INSERT INTO rollout_nodes ({NodeColumns}) VALUES ({Parameters(NodeColumns)}) ON CONFLICT (rollout_id, node_id) DO UPDATE SET {assignments};";
                    previous.Transaction = transaction;
                    previous.CommandText = "SELECT status FROM rollout_nodes WHERE rollout_id = $rollout_id AND node_id = $node_id;";
                    previous.Parameters.AddWithValue("$rollout_id", rollout.Id.ToString("D"));
                    var previousNode = previous.Parameters.AddWithValue("$node_id", string.Empty);
                    foreach (var node in nodes)
                    {
                        previousNode.Value = node.NodeId;
                        var before = await previous.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                        Count(deltas, before, -1);
                        Count(deltas, WireNames.Of(node.Status), +1);
                        upsert.Parameters.Clear();
                        BindNode(upsert.Parameters, node);
                        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                if (deltas.Any(d => d != 0))
                {
                    var adjust = connection.CreateCommand();
                    await using (adjust.ConfigureAwait(false))
                    {
                        adjust.Transaction = transaction;
                        adjust.CommandText = "UPDATE rollouts SET " + string.Join(", ", CounterColumns.Select((c, i) => $"{c} = {c} + $d{i}")) + " WHERE id = $id;";
                        adjust.Parameters.AddWithValue("$id", rollout.Id.ToString("D"));
                        for (var i = 0; i < deltas.Length; i++)
                        {
                            adjust.Parameters.AddWithValue("$d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), deltas[i]);
                        }

                        await adjust.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                var result = await ReadRolloutAsync(connection, transaction, rollout.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Rollout {rollout.Id} does not exist.");
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <inheritdoc/>
    public async Task SetNodePhaseAsync(Guid rolloutId, string nodeId, UpgradePhase phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        await ScalarAsync(
            "UPDATE rollout_nodes SET upgrade_phase = $phase WHERE rollout_id = $rollout_id AND node_id = $node_id;",
            p =>
            {
                p.AddWithValue("$phase", WireNames.Of(phase));
                p.AddWithValue("$rollout_id", rolloutId.ToString("D"));
                p.AddWithValue("$node_id", nodeId);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<RolloutSignal> AppendSignalAsync(Guid rolloutId, RolloutSignalKind kind, string? nodeId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        // One statement: the signal is stored only when the rollout exists.
        var sequence = await ScalarAsync(
            """
            INSERT INTO rollout_signals (rollout_id, kind, node_id, created_at)
            SELECT $rollout_id, $kind, $node_id, $created_at WHERE EXISTS (SELECT 1 FROM rollouts WHERE id = $rollout_id)
            RETURNING sequence;
            """,
            p =>
            {
                p.AddWithValue("$rollout_id", rolloutId.ToString("D"));
                p.AddWithValue("$kind", WireNames.Of(kind));
                p.AddWithValue("$node_id", Nullable(nodeId));
                p.AddWithValue("$created_at", FormatTime(createdAt));
            },
            cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout {rolloutId} does not exist.");
        return new RolloutSignal
        {
            Sequence = Convert.ToInt64(sequence, CultureInfo.InvariantCulture),
            RolloutId = rolloutId,
            Kind = kind,
            NodeId = nodeId,
            CreatedAt = createdAt,
        };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutSignal>> GetSignalsAsync(Guid rolloutId, long afterSequence, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT sequence, kind, node_id, created_at FROM rollout_signals WHERE rollout_id = $rollout_id AND sequence > $after ORDER BY sequence;",
            p =>
            {
                p.AddWithValue("$rollout_id", rolloutId.ToString("D"));
                p.AddWithValue("$after", afterSequence);
            },
            r => new RolloutSignal
            {
                Sequence = r.GetInt64(0),
                RolloutId = rolloutId,
                Kind = WireNames.Parse<RolloutSignalKind>(r.GetString(1)),
                NodeId = r.IsDBNull(2) ? null : r.GetString(2),
                CreatedAt = ParseTime(r.GetString(3)),
            },
            cancellationToken).ConfigureAwait(false);

    private static IEnumerable<string> Split(string columns) =>
        columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Parameters(string columns) => string.Join(", ", Split(columns).Select(c => "$" + c));

    private static string FormatTime(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static object NullableTime(DateTimeOffset? value) => value is { } time ? FormatTime(time) : DBNull.Value;

    private static void BindRollout(SqliteParameterCollection p, Rollout rollout)
    {
        p.AddWithValue("$id", rollout.Id.ToString("D"));
        p.AddWithValue("$group_id", rollout.GroupId is { } group ? group.ToString("D") : DBNull.Value);
        p.AddWithValue("$component_index", (object?)rollout.ComponentIndex ?? DBNull.Value);
        p.AddWithValue("$chain_profile_id", rollout.ChainProfileId);
        p.AddWithValue("$node_type", rollout.NodeType);
        p.AddWithValue("$runtime_type", rollout.RuntimeType);
        p.AddWithValue("$binary_name", rollout.BinaryName);
        p.AddWithValue("$source_version", rollout.SourceVersion);
        p.AddWithValue("$target_version", rollout.TargetVersion);
        p.AddWithValue("$target_binary_url", rollout.TargetBinaryUrl);
        p.AddWithValue("$target_binary_checksum", rollout.TargetBinaryChecksum);
        p.AddWithValue("$upgrade_id", Nullable(rollout.UpgradeId));
        p.AddWithValue("$manifest_content_hash", rollout.ManifestContentHash);
        p.AddWithValue("$strategy", WireNames.Of(rollout.Strategy));
        p.AddWithValue("$batch_size", rollout.BatchSize);
        p.AddWithValue("$canary_size", rollout.CanarySize);
        p.AddWithValue("$failure_threshold", rollout.FailureThreshold);
        p.AddWithValue("$health_wait_ticks", rollout.HealthWaitDuration.Ticks);
        p.AddWithValue("$force_continue", rollout.ForceContinue);
        p.AddWithValue("$skip_validation", rollout.SkipValidation);
        p.AddWithValue("$migration_type", WireNames.Of(rollout.MigrationType));
        p.AddWithValue("$recovery_plan", Nullable(rollout.RecoveryPlan));
        p.AddWithValue("$acknowledge_state_risk", rollout.AcknowledgeStateRisk);
        p.AddWithValue("$config_files", JsonSerializer.Serialize(rollout.ConfigFiles));
        p.AddWithValue("$seed", rollout.Seed);
        p.AddWithValue("$created_by", Nullable(rollout.CreatedBy));
        p.AddWithValue("$status", WireNames.Of(rollout.Status));
        p.AddWithValue("$pause_reason", WireNames.Of(rollout.PauseReason));
        p.AddWithValue("$forced", rollout.Forced);
        p.AddWithValue("$canary_approved", rollout.CanaryApproved);
        p.AddWithValue("$targets_resolved", rollout.TargetsResolved);
        p.AddWithValue("$batch_count", rollout.BatchCount);
        p.AddWithValue("$current_batch", rollout.CurrentBatch);
        p.AddWithValue("$total_nodes", rollout.TotalNodes);
        p.AddWithValue("$succeeded_nodes", rollout.SucceededNodes);
        p.AddWithValue("$failed_nodes", rollout.FailedNodes);
        p.AddWithValue("$pending_nodes", rollout.PendingNodes);
        p.AddWithValue("$rolled_back_nodes", rollout.RolledBackNodes);
        p.AddWithValue("$signal_cursor", rollout.SignalCursor);
        p.AddWithValue("$version", rollout.Version);
        p.AddWithValue("$created_at", FormatTime(rollout.CreatedAt));
        p.AddWithValue("$updated_at", FormatTime(rollout.UpdatedAt));
        p.AddWithValue("$started_at", NullableTime(rollout.StartedAt));
        p.AddWithValue("$completed_at", NullableTime(rollout.CompletedAt));
        p.AddWithValue("$unpublished_events", JsonSerializer.Serialize(rollout.UnpublishedEvents));
    }

    /// <summary>Adds <paramref name="sign"/> to the counters a node with the stored <paramref name="status"/> is part of (none when <see langword="null"/>).</summary>
    private static void Count(long[] deltas, string? status, int sign)
    {
        if (status is null)
        {
            return;
        }

        deltas[0] += sign;
        var counter = status switch
        {
            "succeeded" => 1,
            "failed" or "failed_rollback" => 2,
            "pending" or "in_progress" => 3,
            "rolled_back" => 4,
            _ => -1,
        };
        if (counter > 0)
        {
            deltas[counter] += sign;
        }
    }

    private static void BindNode(SqliteParameterCollection p, RolloutNode node)
    {
        p.AddWithValue("$id", node.Id.ToString("D"));
        p.AddWithValue("$rollout_id", node.RolloutId.ToString("D"));
        p.AddWithValue("$node_id", node.NodeId);
        p.AddWithValue("$batch_index", node.BatchIndex);
        p.AddWithValue("$status", WireNames.Of(node.Status));
        p.AddWithValue("$stage", WireNames.Of(node.Stage));
        p.AddWithValue("$upgrade_phase", node.UpgradePhase is { } phase ? WireNames.Of(phase) : DBNull.Value);
        p.AddWithValue("$previous_version", Nullable(node.PreviousVersion));
        p.AddWithValue("$previous_binary_url", Nullable(node.PreviousBinaryUrl));
        p.AddWithValue("$previous_checksum", Nullable(node.PreviousChecksum));
        p.AddWithValue("$error_message", Nullable(node.ErrorMessage));
        p.AddWithValue("$attempt_count", node.AttemptCount);
        p.AddWithValue("$config_variables", JsonSerializer.Serialize(node.ConfigVariables));
        p.AddWithValue("$started_at", NullableTime(node.StartedAt));
        p.AddWithValue("$completed_at", NullableTime(node.CompletedAt));
    }

    private static Rollout ReadRollout(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));
        return new Rollout
        {
            Id = Guid.Parse(r.GetString(0)),
            GroupId = r.IsDBNull(1) ? null : Guid.Parse(r.GetString(1)),
            ComponentIndex = r.IsDBNull(2) ? null : r.GetInt32(2),
            ChainProfileId = r.GetString(3),
            NodeType = r.GetString(4),
            RuntimeType = r.GetString(5),
            BinaryName = r.GetString(6),
            SourceVersion = r.GetString(7),
            TargetVersion = r.GetString(8),
            TargetBinaryUrl = r.GetString(9),
            TargetBinaryChecksum = r.GetString(10),
            UpgradeId = Text(11),
            ManifestContentHash = r.GetString(12),
            Strategy = WireNames.Parse<RolloutStrategy>(r.GetString(13)),
            BatchSize = r.GetInt32(14),
            CanarySize = r.GetInt32(15),
            FailureThreshold = r.GetDouble(16),
            HealthWaitDuration = TimeSpan.FromTicks(r.GetInt64(17)),
            ForceContinue = r.GetBoolean(18),
            SkipValidation = r.GetBoolean(19),
            MigrationType = WireNames.Parse<MigrationType>(r.GetString(20)),
            RecoveryPlan = Text(21),
            AcknowledgeStateRisk = r.GetBoolean(22),
            ConfigFiles = JsonSerializer.Deserialize<List<ConfigFile>>(r.GetString(23)) ?? [],
            Seed = r.GetInt32(24),
            CreatedBy = Text(25),
            Status = WireNames.Parse<RolloutStatus>(r.GetString(26)),
            PauseReason = WireNames.Parse<RolloutPauseReason>(r.GetString(27)),
            Forced = r.GetBoolean(28),
            CanaryApproved = r.GetBoolean(29),
            TargetsResolved = r.GetBoolean(30),
            BatchCount = r.GetInt32(31),
            CurrentBatch = r.GetInt32(32),
            TotalNodes = r.GetInt32(33),
            SucceededNodes = r.GetInt32(34),
            FailedNodes = r.GetInt32(35),
            PendingNodes = r.GetInt32(36),
            RolledBackNodes = r.GetInt32(37),
            SignalCursor = r.GetInt64(38),
            Version = r.GetInt64(39),
            CreatedAt = ParseTime(r.GetString(40)),
            UpdatedAt = ParseTime(r.GetString(41)),
            StartedAt = Time(42),
            CompletedAt = Time(43),
            UnpublishedEvents = Events(r.GetString(44)),
        };
    }

    /// <summary>Reads the stored event list; an empty one is the shared empty list, as on a new rollout.</summary>
    private static IReadOnlyList<string> Events(string json) =>
        JsonSerializer.Deserialize<string[]>(json) is { Length: > 0 } events ? events : [];

    private static RolloutNode ReadNode(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));
        return new RolloutNode
        {
            Id = Guid.Parse(r.GetString(0)),
            RolloutId = Guid.Parse(r.GetString(1)),
            NodeId = r.GetString(2),
            BatchIndex = r.GetInt32(3),
            Status = WireNames.Parse<NodeUpgradeStatus>(r.GetString(4)),
            Stage = WireNames.Parse<RolloutNodeStage>(r.GetString(5)),
            UpgradePhase = r.IsDBNull(6) ? null : WireNames.Parse<UpgradePhase>(r.GetString(6)),
            PreviousVersion = Text(7),
            PreviousBinaryUrl = Text(8),
            PreviousChecksum = Text(9),
            ErrorMessage = Text(10),
            AttemptCount = r.GetInt32(11),
            ConfigVariables = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(12)) is { Count: > 0 } variables ? variables : ConfigTemplateRenderer.NoVariables,
            StartedAt = Time(13),
            CompletedAt = Time(14),
        };
    }

    private static async Task<Rollout?> ReadRolloutAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid rolloutId, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, transaction, $"SELECT {RolloutColumns} FROM rollouts WHERE id = $id;", p => p.AddWithValue("$id", rolloutId.ToString("D")), ReadRollout, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; " + Schema + GroupSchema;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await AddMissingColumnsAsync(connection, cancellationToken).ConfigureAwait(false);

            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>
    /// Adds the columns a newer version of this store introduced to a file an older version created (<c>CREATE TABLE
    /// IF NOT EXISTS</c> leaves an existing table as it is). Each addition carries a default, so old rows stay valid.
    /// </summary>
    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        (string Table, string Column, string Definition)[] added =
        [
            ("rollouts", "unpublished_events", "TEXT NOT NULL DEFAULT '[]'"),
            ("rollout_groups", "unpublished_events", "TEXT NOT NULL DEFAULT '[]'"),
            ("rollout_nodes", "config_variables", "TEXT NOT NULL DEFAULT '{}'"),
        ];
        foreach (var (table, column, definition) in added)
        {
            var present = await QueryAsync(
                connection,
                null,
                "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column;",
                p =>
                {
                    p.AddWithValue("$table", table);
                    p.AddWithValue("$column", column);
                },
                r => r.GetInt64(0),
                cancellationToken).ConfigureAwait(false);
            if (present.Single() == 0)
            {
                var alter = connection.CreateCommand();
                await using (alter.ConfigureAwait(false))
                {
                    alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition};";
                    try
                    {
                        await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (SqliteException exception) when (exception.Message.Contains("duplicate column name", StringComparison.Ordinal))
                    {
                        // Another process opening the same old file added it first.
                    }
                }
            }
        }
    }
}
