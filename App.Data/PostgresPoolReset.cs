using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace App.Data;

/// <summary>
/// When PostgreSQL restarts or fails over, every idle pooled connection is dead, and Npgsql finds out only when one is
/// used: each would fail one more request (a 503) after the server is back. The first such failure clears the pool
/// instead, so the next requests open fresh connections and the service recovers at once.
/// </summary>
internal sealed class PostgresPoolReset : DbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly PostgresPoolReset Instance = new();

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        ResetIfServerWentAway(command.Connection, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ResetIfServerWentAway(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        ResetIfServerWentAway(transaction.Connection, eventData.Exception);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ResetIfServerWentAway(transaction.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    /// <summary>Server shutting down (57P01, 57P02), not accepting connections yet (57P03), or the socket broken.</summary>
    internal static bool ServerWentAway(Exception exception) => exception switch
    {
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => true,
        PostgresException => false,
        NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException } => true,
        _ => exception.InnerException is { } inner && ServerWentAway(inner),
    };

    private static void ResetIfServerWentAway(DbConnection? connection, Exception exception)
    {
        if (connection is NpgsqlConnection npgsql && ServerWentAway(exception))
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
