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
}
