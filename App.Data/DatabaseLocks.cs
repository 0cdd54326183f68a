using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace App.Data;

/// <summary>
/// Serializes critical sections across every process sharing the database. PostgreSQL: an advisory lock;
/// SQLite: Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, which already takes the single writer lock.
/// Each module picks its own lock keys (a constant per critical section).
/// </summary>
public static class DatabaseLocks
{
    public static async Task<IDbContextTransaction> BeginSerializedTransactionAsync(
        this DbContext db, long lockKey, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgreSql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        }

        return transaction;
    }

    /// <summary>Applies the context's migrations; safe when several replicas start at once against one database.</summary>
    public static async Task MigrateSerializedAsync(this DbContext db, long lockKey, CancellationToken cancellationToken = default)
    {
        if (!db.IsPostgreSql())
        {
            // EF Core's SQLite migrator takes its own lock table; the busy timeout makes the loser wait for it.
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        // A session lock, not a transaction one: migrations run their own transactions on this same connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({lockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({lockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
