using System.Data.Common;
using System.Net.Sockets;

namespace App.ServiceDefaults.Problems;

/// <summary>
/// A request that failed because the database could not be reached (restarting, failing over, out of connections)
/// answers 503 <c>database_unavailable</c> with <c>Retry-After</c>, not 500: nothing was accepted, and the same request
/// will work once the database is back. Recognised by the provider's own verdict (<see cref="DbException.IsTransient"/>,
/// which Npgsql and Microsoft.Data.Sqlite set) or a socket error, anywhere in the exception chain (EF Core wraps them).
/// </summary>
public static class DatabaseUnavailable
{
    public const string Code = "database_unavailable";

    /// <summary>Long enough for a restart or failover to finish, short enough that clients retry soon.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool Caused(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
