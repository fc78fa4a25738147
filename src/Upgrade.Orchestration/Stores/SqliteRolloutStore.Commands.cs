using Microsoft.Data.Sqlite;

namespace Upgrade.Orchestration;

/// <summary>The command plumbing every table of the SQLite store shares: queries, scalars, inserts and versioned updates.</summary>
public sealed partial class SqliteRolloutStore
{
    /// <summary>Runs a query on a connection of its own and reads every row.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await QueryAsync(connection, null, sql, bind, read, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a query on <paramref name="connection"/> (inside <paramref name="transaction"/> when given) and reads every row.</summary>
    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            bind(command.Parameters);
            var list = new List<T>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(read(reader));
                }
            }

            return list;
        }
    }

    /// <summary>Runs one statement on a connection of its own and returns its first value (or <see langword="null"/>).</summary>
    private async Task<object?> ScalarAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                bind(command.Parameters);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Inserts one row of <paramref name="table"/>. A unique violation on the chain (the one-active index) becomes
    /// <paramref name="activeConflict"/>; any other (the primary key) means the row already exists.
    /// </summary>
    private async Task InsertRowAsync(string table, string columns, Action<SqliteParameterCollection> bind, string alreadyExists, Func<SqliteException, Exception> activeConflict, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({Parameters(columns)});";
                bind(command.Parameters);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException exception) when (exception.Message.Contains(SqliteConstraint, StringComparison.Ordinal))
                {
                    throw exception.Message.Contains("chain_profile_id", StringComparison.Ordinal)
                        ? activeConflict(exception)
                        : new InvalidOperationException(alreadyExists, exception);
                }
            }
        }
    }

    /// <summary>
    /// Writes every column of a versioned row except <paramref name="excluded"/>, only where the stored version is
    /// <paramref name="expectedVersion"/>. A unique violation (the one-active index) becomes <paramref name="activeConflict"/>.
    /// </summary>
    /// <returns>Whether the row was written; <see langword="false"/> when the version did not match or the row is missing.</returns>
    private static async Task<bool> UpdateVersionedAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string table,
        string columns,
        IReadOnlySet<string> excluded,
        Action<SqliteParameterCollection> bind,
        long expectedVersion,
        Func<SqliteException, Exception> activeConflict,
        CancellationToken cancellationToken)
    {
        var update = connection.CreateCommand();
        await using (update.ConfigureAwait(false))
        {
            update.Transaction = transaction;
            var assignments = string.Join(", ", Split(columns).Where(c => c != "id" && !excluded.Contains(c)).Select(c => $"{c} = ${c}"));
            update.CommandText = $"UPDATE {table} SET {assignments} WHERE id = $id AND version = $expected_version;";
            bind(update.Parameters);
            update.Parameters.AddWithValue("$expected_version", expectedVersion);
            try
            {
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            }
            catch (SqliteException exception) when (exception.Message.Contains(SqliteConstraint, StringComparison.Ordinal))
            {
                throw activeConflict(exception);
            }
        }
    }
}
