using App.Data;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.Hosting;

public static class AppDatabaseHosting
{
    /// <summary>
    /// On PostgreSQL, Aspire's client integration on top of the context registered with <c>UseAppDatabase</c>: a readiness
    /// check named after the context and the Aspire settings section. No retrying execution strategy, since the modules
    /// open their own transactions (which it refuses), and no second tracer or meter: the service defaults already record
    /// Npgsql's spans and metrics. SQLite stays as it is.
    /// </summary>
    public static IHostApplicationBuilder EnrichAppDbContext<TContext>(this IHostApplicationBuilder builder, string connectionString)
        where TContext : DbContext
    {
        if (AppDatabase.DetectProvider(connectionString) == DatabaseProvider.PostgreSql)
        {
            builder.EnrichNpgsqlDbContext<TContext>(settings =>
            {
                settings.DisableRetry = true;
                settings.DisableTracing = true;
                settings.DisableMetrics = true;
            });
        }

        return builder;
    }
}
