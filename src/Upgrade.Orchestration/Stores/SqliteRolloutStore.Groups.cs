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
            completed_at TEXT NULL,
            unpublished_events TEXT NOT NULL DEFAULT '[]'
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
        created_at, updated_at, started_at, completed_at, unpublished_events
        """;

    private static readonly JsonSerializerOptions GroupJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <inheritdoc/>
    public async Task<RolloutGroup> InsertGroupAsync(RolloutGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var stored = group with { Version = 1 };
        await InsertRowAsync(
            "rollout_groups",
            GroupColumns,
            p => BindGroup(p, stored),
            $"Rollout group {group.Id} already exists.",
            exception => ActiveRolloutConflictException.ForChain(group.ChainProfileId, exception, "rollout group"),
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc/>
    public async Task<RolloutGroup?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadGroupAsync(connection, groupId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutGroup>> ListGroupsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var list = await QueryAsync(
            $"SELECT {GroupColumns} FROM rollout_groups" + (activeOnly ? " WHERE status IN ('pending', 'running', 'paused');" : ";"),
            _ => { },
            ReadGroup,
            cancellationToken).ConfigureAwait(false);

        // Sorted here (not in SQL) so that both stores agree on the order of equal timestamps.
        return [.. list.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id)];
    }

    /// <inheritdoc/>
    public async Task<RolloutGroup> UpdateGroupAsync(RolloutGroup group, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var stored = group with { Version = expectedVersion + 1 };
            var written = await UpdateVersionedAsync(
                connection,
                null,
                "rollout_groups",
                GroupColumns,
                NoExcludedColumns,
                p => BindGroup(p, stored),
                expectedVersion,
                exception => ActiveRolloutConflictException.ForChain(group.ChainProfileId, exception, "rollout group"),
                cancellationToken).ConfigureAwait(false);
            if (!written)
            {
                var current = await ReadGroupAsync(connection, group.Id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Rollout group {group.Id} does not exist.");
                throw RolloutGroupStores.Conflict(group.Id, expectedVersion, current.Version);
            }

            return stored;
        }
    }

    /// <inheritdoc/>
    public async Task<RolloutGroupSignal> AppendGroupSignalAsync(Guid groupId, RolloutGroupSignalKind kind, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        // One statement: the signal is stored only when the group exists.
        var sequence = await ScalarAsync(
            """
            INSERT INTO rollout_group_signals (group_id, kind, created_at)
            SELECT $group_id, $kind, $created_at WHERE EXISTS (SELECT 1 FROM rollout_groups WHERE id = $group_id)
            RETURNING sequence;
            """,
            p =>
            {
                p.AddWithValue("$group_id", groupId.ToString("D"));
                p.AddWithValue("$kind", WireNames.Of(kind));
                p.AddWithValue("$created_at", FormatTime(createdAt));
            },
            cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Rollout group {groupId} does not exist.");
        return new RolloutGroupSignal { Sequence = Convert.ToInt64(sequence, System.Globalization.CultureInfo.InvariantCulture), GroupId = groupId, Kind = kind, CreatedAt = createdAt };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutGroupSignal>> GetGroupSignalsAsync(Guid groupId, long afterSequence, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT sequence, kind, created_at FROM rollout_group_signals WHERE group_id = $group_id AND sequence > $after ORDER BY sequence;",
            p =>
            {
                p.AddWithValue("$group_id", groupId.ToString("D"));
                p.AddWithValue("$after", afterSequence);
            },
            r => new RolloutGroupSignal
            {
                Sequence = r.GetInt64(0),
                GroupId = groupId,
                Kind = WireNames.Parse<RolloutGroupSignalKind>(r.GetString(1)),
                CreatedAt = ParseTime(r.GetString(2)),
            },
            cancellationToken).ConfigureAwait(false);

    private static void BindGroup(SqliteParameterCollection p, RolloutGroup group)
    {
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
        p.AddWithValue("$unpublished_events", JsonSerializer.Serialize(group.UnpublishedEvents, GroupJson));
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
            UnpublishedEvents = Json<RolloutEvent[]>(18) is { Length: > 0 } events ? events : [],
        };
    }

    private static async Task<RolloutGroup?> ReadGroupAsync(SqliteConnection connection, Guid groupId, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, null, $"SELECT {GroupColumns} FROM rollout_groups WHERE id = $id;", p => p.AddWithValue("$id", groupId.ToString("D")), ReadGroup, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault();
}
