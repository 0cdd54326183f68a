using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace App.Data;

/// <summary>
/// WAL lets readers run while one process writes; the busy timeout makes a second writer (another replica or
/// the migrator of another process) wait for the lock instead of failing with SQLITE_BUSY.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Sql = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    /// <summary>
    /// EF Core's read-only probe of an existing file (does the database exist, before migrating): switching a file that is
    /// not in WAL mode yet would be a write, which such a connection refuses.
    /// </summary>
    private const string ReadOnlySql = "PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string SqlFor(DbConnection connection) =>
        connection.ConnectionString.Contains("Mode=ReadOnly", StringComparison.OrdinalIgnoreCase) ? ReadOnlySql : Sql;
}
