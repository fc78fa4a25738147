using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Upgrade.Samples.ControlPlane.Storage;

/// <summary>
/// The host's own tables (audit and idempotency) in the rollout store's SQLite file. The idempotency result and the
/// audit record of a create are written in one transaction, so a replayed request never lacks its audit trail.
/// </summary>
internal sealed class ControlPlaneDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS control_plane_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            request_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status_code INTEGER NOT NULL,
            occurred_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS control_plane_idempotency (
            principal TEXT NOT NULL,
            operation TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status_code INTEGER NULL,
            content_type TEXT NULL,
            body TEXT NULL,
            location TEXT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (principal, operation, idempotency_key));
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initialize = new(1, 1);
    private volatile bool _initialized;

    public ControlPlaneDatabase(string databasePath)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Claims an idempotency key for a request: returns <see langword="null"/> when the caller runs the request now, or
    /// the record of the request that claimed the key first (finished, or still running when it has no status).
    /// </summary>
    public async Task<IdempotencyRecord?> ClaimAsync(string principal, string operation, string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT request_hash, status_code, content_type, body, location FROM control_plane_idempotency WHERE principal = $p AND operation = $o AND idempotency_key = $k";
            AddKey(select, principal, operation, key);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new IdempotencyRecord
                {
                    RequestHash = reader.GetString(0),
                    StatusCode = reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    ContentType = reader.IsDBNull(2) ? null : reader.GetString(2),
                    Body = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Location = reader.IsDBNull(4) ? null : reader.GetString(4),
                };
            }
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO control_plane_idempotency (principal, operation, idempotency_key, request_hash, created_at) VALUES ($p, $o, $k, $h, $t)";
            AddKey(insert, principal, operation, key);
            insert.Parameters.AddWithValue("$h", requestHash);
            insert.Parameters.AddWithValue("$t", now.ToString("O", CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Stores the result of a claimed request and its audit record in one transaction.</summary>
    public async Task CompleteAsync(string principal, string operation, string key, int statusCode, string contentType, string body, string? location, AuditRecord audit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE control_plane_idempotency SET status_code = $s, content_type = $c, body = $b, location = $l WHERE principal = $p AND operation = $o AND idempotency_key = $k";
            AddKey(update, principal, operation, key);
            update.Parameters.AddWithValue("$s", statusCode);
            update.Parameters.AddWithValue("$c", contentType);
            update.Parameters.AddWithValue("$b", body);
            update.Parameters.AddWithValue("$l", (object?)location ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Releases a claimed key whose request failed unexpectedly, so that a retry runs it again; audits the failure.</summary>
    public async Task ReleaseAsync(string principal, string operation, string key, AuditRecord audit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM control_plane_idempotency WHERE principal = $p AND operation = $o AND idempotency_key = $k AND status_code IS NULL";
            AddKey(delete, principal, operation, key);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task WriteAuditAsync(AuditRecord audit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Reads the newest audit records first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, actor, action, target, request_id, outcome, status_code, occurred_at FROM control_plane_audit ORDER BY id DESC LIMIT $n";
        select.Parameters.AddWithValue("$n", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord
            {
                Id = reader.GetInt64(0),
                Actor = reader.GetString(1),
                Action = reader.GetString(2),
                Target = reader.GetString(3),
                RequestId = reader.GetString(4),
                Outcome = reader.GetString(5),
                StatusCode = reader.GetInt32(6),
                Time = DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
            });
        }

        return records;
    }

    /// <summary>Checks that the database answers (readiness).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static void AddKey(SqliteCommand command, string principal, string operation, string key)
    {
        command.Parameters.AddWithValue("$p", principal);
        command.Parameters.AddWithValue("$o", operation);
        command.Parameters.AddWithValue("$k", key);
    }

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction transaction, AuditRecord audit, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO control_plane_audit (actor, action, target, request_id, outcome, status_code, occurred_at)
            VALUES ($actor, $action, $target, $request, $outcome, $status, $time)
            """;
        insert.Parameters.AddWithValue("$actor", audit.Actor);
        insert.Parameters.AddWithValue("$action", audit.Action);
        insert.Parameters.AddWithValue("$target", audit.Target);
        insert.Parameters.AddWithValue("$request", audit.RequestId);
        insert.Parameters.AddWithValue("$outcome", audit.Outcome);
        insert.Parameters.AddWithValue("$status", audit.StatusCode);
        insert.Parameters.AddWithValue("$time", audit.Time.ToString("O", CultureInfo.InvariantCulture));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_initialized)
            {
                await _initialize.WaitAsync(cancellationToken);
                try
                {
                    if (!_initialized)
                    {
                        await using var command = connection.CreateCommand();
                        command.CommandText = "PRAGMA journal_mode = WAL; " + Schema;
                        await command.ExecuteNonQueryAsync(cancellationToken);
                        _initialized = true;
                    }
                }
                finally
                {
                    _initialize.Release();
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
