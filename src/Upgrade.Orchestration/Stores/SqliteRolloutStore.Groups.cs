using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Upgrade.Orchestration;

/// <summary>
/// The rollout-group part of the SQLite store: the table <c>rollout_groups</c> (a partial unique index allows one
/// active group per chain) and <c>rollout_group_signals</c>.
/// </summary>
public sealed partial class SqliteRolloutStore
{
    private const string GroupSchema = """
        CREATE INDEX IF NOT EXISTS ix_rollouts_group ON rollouts(group_id, component_index) WHERE group_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS rollout_groups (
            id TEXT PRIMARY KEY,
            chain_profile_id TEXT NOT NULL CHECK (length(chain_profile_id) BETWEEN 1 AND 100),
            status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'paused', 'completed', 'partial', 'rolled_back', 'cancelled', 'failed')),
            failure_policy TEXT NOT NULL CHECK (failure_policy IN ('partial_ok', 'rollback_all', 'manual')),
            component_order TEXT NOT NULL,
            desired_versions TEXT NOT NULL,
            current_component_index INTEGER NOT NULL,
            rolling_back INTEGER NOT NULL,
            failed_component_index INTEGER NULL,
            accepted_components TEXT NOT NULL,
            error_message TEXT NULL,
            created_by TEXT NULL,
            signal_cursor INTEGER NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started_at TEXT NULL,
            completed_at TEXT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_rollout_groups_active_chain ON rollout_groups(chain_profile_id)
            WHERE status IN ('pending', 'running', 'paused');
        CREATE TABLE IF NOT EXISTS rollout_group_signals (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id TEXT NOT NULL REFERENCES rollout_groups(id),
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """;

    private const string GroupColumns = """
        id, chain_profile_id, status, failure_policy, component_order, desired_versions, current_component_index,
        rolling_back, failed_component_index, accepted_components, error_message, created_by, signal_cursor, version,
        created_at, updated_at, started_at, completed_at
        """;

    private static readonly JsonSerializerOptions GroupJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <inheritdoc/>
    public async Task<RolloutGroup> InsertGroupAsync(RolloutGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var stored = group with { Version = 1 };
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"INSERT INTO rollout_groups ({GroupColumns}) VALUES ({Parameters(GroupColumns)});";
                BindGroup(command, stored);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException exception) when (exception.Message.Contains(SqliteConstraint, StringComparison.Ordinal))
                {
                    throw exception.Message.Contains("chain_profile_id", StringComparison.Ordinal)
                        ? ActiveRolloutConflictException.ForChain(group.ChainProfileId, exception, "rollout group")
                        : new InvalidOperationException($"Rollout group {group.Id} already exists.", exception);
                }
            }

            return stored;
        }
    }

    /// <inheritdoc/>
    public async Task<RolloutGroup?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadGroupAsync(connection, null, groupId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutGroup>> ListGroupsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = activeOnly
                    ? $"SELECT {GroupColumns} FROM rollout_groups WHERE status IN ('pending', 'running', 'paused');"
                    : $"SELECT {GroupColumns} FROM rollout_groups;";
                var list = new List<RolloutGroup>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        list.Add(ReadGroup(reader));
                    }
                }

                // Sorted here (not in SQL) so that both stores agree on the order of equal timestamps.
                return [.. list.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id)];
            }
        }
    }

    /// <inheritdoc/>
    public async Task<RolloutGroup> UpdateGroupAsync(RolloutGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var stored = group with { Version = expectedVersion + 1 };
            var update = connection.CreateCommand();
            await using (update.ConfigureAwait(false))
            {
                var assignments = string.Join(", ", Split(GroupColumns).Where(c => c != "id").Select(c => $"{c} = ${c}"));
                update.CommandText = $"UPDATE rollout_groups SET {assignments} WHERE id = $id AND version = $expected_version;";
                BindGroup(update, stored);
                update.Parameters.AddWithValue("$expected_version", expectedVersion);
                int changed;
                try
                {
                    changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException exception) when (exception.Message.Contains(SqliteConstraint, StringComparison.Ordinal))
                {
                    throw ActiveRolloutConflictException.ForChain(group.ChainProfileId, exception, "rollout group");
                }

                if (changed == 0)
                {
                    var current = await ReadGroupAsync(connection, null, group.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Rollout group {group.Id} does not exist.");
                    throw RolloutGroupStores.Conflict(group.Id, expectedVersion, current.Version);
                }
            }

            return stored;
        }
    }

    /// <inheritdoc/>
    public async Task<RolloutGroupSignal> AppendGroupSignalAsync(Guid groupId, RolloutGroupSignalKind kind, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                // One statement: the signal is stored only when the group exists.
                command.CommandText = """
                    INSERT INTO rollout_group_signals (group_id, kind, created_at)
                    SELECT $group_id, $kind, $created_at WHERE EXISTS (SELECT 1 FROM rollout_groups WHERE id = $group_id)
                    RETURNING sequence;
                    """;
                command.Parameters.AddWithValue("$group_id", groupId.ToString("D"));
                command.Parameters.AddWithValue("$kind", WireNames.Of(kind));
                command.Parameters.AddWithValue("$created_at", FormatTime(createdAt));
                var sequence = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Rollout group {groupId} does not exist.");
                return new RolloutGroupSignal { Sequence = Convert.ToInt64(sequence, System.Globalization.CultureInfo.InvariantCulture), GroupId = groupId, Kind = kind, CreatedAt = createdAt };
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutGroupSignal>> GetGroupSignalsAsync(Guid groupId, long afterSequence, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT sequence, kind, created_at FROM rollout_group_signals WHERE group_id = $group_id AND sequence > $after ORDER BY sequence;";
                command.Parameters.AddWithValue("$group_id", groupId.ToString("D"));
                command.Parameters.AddWithValue("$after", afterSequence);
                var list = new List<RolloutGroupSignal>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        list.Add(new RolloutGroupSignal
                        {
                            Sequence = reader.GetInt64(0),
                            GroupId = groupId,
                            Kind = WireNames.Parse<RolloutGroupSignalKind>(reader.GetString(1)),
                            CreatedAt = ParseTime(reader.GetString(2)),
                        });
                    }
                }

                return list;
            }
        }
    }

    private static void BindGroup(SqliteCommand command, RolloutGroup group)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", group.Id.ToString("D"));
        p.AddWithValue("$chain_profile_id", group.ChainProfileId);
        p.AddWithValue("$status", WireNames.Of(group.Status));
        p.AddWithValue("$failure_policy", WireNames.Of(group.FailurePolicy));
        p.AddWithValue("$component_order", JsonSerializer.Serialize(group.ComponentOrder, GroupJson));
        p.AddWithValue("$desired_versions", JsonSerializer.Serialize(group.DesiredVersions, GroupJson));
        p.AddWithValue("$current_component_index", group.CurrentComponentIndex);
        p.AddWithValue("$rolling_back", group.RollingBack);
        p.AddWithValue("$failed_component_index", (object?)group.FailedComponentIndex ?? DBNull.Value);
        p.AddWithValue("$accepted_components", JsonSerializer.Serialize(group.AcceptedComponents, GroupJson));
        p.AddWithValue("$error_message", Nullable(group.ErrorMessage));
        p.AddWithValue("$created_by", Nullable(group.CreatedBy));
        p.AddWithValue("$signal_cursor", group.SignalCursor);
        p.AddWithValue("$version", group.Version);
        p.AddWithValue("$created_at", FormatTime(group.CreatedAt));
        p.AddWithValue("$updated_at", FormatTime(group.UpdatedAt));
        p.AddWithValue("$started_at", NullableTime(group.StartedAt));
        p.AddWithValue("$completed_at", NullableTime(group.CompletedAt));
    }

    private static RolloutGroup ReadGroup(SqliteDataReader r)
    {
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));
        T Json<T>(int i) => JsonSerializer.Deserialize<T>(r.GetString(i), GroupJson)
            ?? throw new StoreCorruptedException($"Column {i} of rollout group {r.GetString(0)} is null JSON.");
        return new RolloutGroup
        {
            Id = Guid.Parse(r.GetString(0)),
            ChainProfileId = r.GetString(1),
            Status = WireNames.Parse<RolloutGroupStatus>(r.GetString(2)),
            FailurePolicy = WireNames.Parse<RolloutGroupFailurePolicy>(r.GetString(3)),
            ComponentOrder = Json<List<RolloutGroupComponent>>(4),
            DesiredVersions = Json<Dictionary<string, string>>(5),
            CurrentComponentIndex = r.GetInt32(6),
            RollingBack = r.GetBoolean(7),
            FailedComponentIndex = r.IsDBNull(8) ? null : r.GetInt32(8),
            AcceptedComponents = Json<List<int>>(9),
            ErrorMessage = r.IsDBNull(10) ? null : r.GetString(10),
            CreatedBy = r.IsDBNull(11) ? null : r.GetString(11),
            SignalCursor = r.GetInt64(12),
            Version = r.GetInt64(13),
            CreatedAt = ParseTime(r.GetString(14)),
            UpdatedAt = ParseTime(r.GetString(15)),
            StartedAt = Time(16),
            CompletedAt = Time(17),
        };
    }

    private static async Task<RolloutGroup?> ReadGroupAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid groupId, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {GroupColumns} FROM rollout_groups WHERE id = $id;";
            command.Parameters.AddWithValue("$id", groupId.ToString("D"));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadGroup(reader) : null;
            }
        }
    }
}
