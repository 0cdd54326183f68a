using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One start-up step per DbContext: apply its migrations, then seed, before the service does anything else. EF Core takes
/// a database lock while it migrates (PostgreSQL: a lock on the context's history table, released with the transaction;
/// SQLite: a row in <c>__EFMigrationsLock</c> that other processes wait for), so replicas starting together migrate once.
/// EF Core never expires that SQLite row: a process killed in the middle of a migration leaves it, and later starts wait
/// until someone deletes it.
/// </summary>
public static class MigrateDbContextExtensions
{
    /// <summary>Under "App.*", so the service defaults' tracer records it.</summary>
    public const string ActivitySourceName = "App.Data.Migrations";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>
    /// Migrates <typeparamref name="TContext"/> (and runs <paramref name="seeder"/> in the same scope) when the host starts:
    /// in <see cref="IHostedLifecycleService.StartingAsync"/>, so before every hosted service's StartAsync whatever the
    /// registration order, and before the server listens. A failure stops the host: the service does not start.
    /// </summary>
    public static IServiceCollection AddMigration<TContext>(
        this IServiceCollection services, Func<TContext, IServiceProvider, CancellationToken, Task>? seeder = null)
        where TContext : DbContext
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationHostedService<TContext>>(
            sp => new MigrationHostedService<TContext>(sp, seeder)));
        return services;
    }

    /// <summary>
    /// How long the step may take, waiting for another process's lock included, before the service gives up: long enough
    /// for a large migration, short enough that a lock nobody will release ends in an error rather than a silent wait.
    /// </summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    /// <summary>The step itself, for hosts that start it themselves (tests, tools).</summary>
    public static async Task MigrateDbContextAsync<TContext>(
        this IServiceProvider services,
        Func<TContext, IServiceProvider, CancellationToken, Task>? seeder = null,
        TimeSpan? limit = null,
        CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var name = typeof(TContext).Name;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit ?? DefaultLimit);
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(ActivitySourceName);
        using var activity = ActivitySource.StartActivity($"migrate {name}");
        activity?.SetTag("db.context", name);
        try
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            activity?.SetTag("db.system.name", context.IsPostgreSql() ? "postgresql" : "sqlite");
            var pending = (await context.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            logger.LogInformation("Migrating {DbContext}: {Count} pending migration(s) {Migrations}", name, pending.Count, pending);
            await MigrateSeriallyAsync(context, name, timeout.Token);
            if (seeder is not null)
            {
                await seeder(context, scope.ServiceProvider, timeout.Token);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException
                ? new TimeoutException(
                    $"not done after {limit ?? DefaultLimit}: another process holds the migration lock, or left it behind "
                    + "(SQLite: a row in __EFMigrationsLock, which only a process killed while migrating leaves; delete it)", e)
                : e;
            activity?.AddException(reason);
            activity?.SetStatus(ActivityStatusCode.Error, reason.Message);
            logger.LogCritical(reason, "Migrating {DbContext} failed; the service does not start", name);
            throw new InvalidOperationException($"Migrating {name} failed, so the service does not start: {reason.Message}", reason);
        }
    }

    /// <summary>
    /// On PostgreSQL, replicas migrating together hold one session advisory lock per context for the whole step: EF
    /// Core's own migration lock let a second replica re-apply a migration the first had just applied (seen with two
    /// pending migrations: "column already exists"). SQLite's EF lock (__EFMigrationsLock) serializes on its own.
    /// </summary>
    private static async Task MigrateSeriallyAsync(DbContext context, string name, CancellationToken cancellationToken)
    {
        if (!context.IsPostgreSql())
        {
            await context.Database.MigrateAsync(cancellationToken);
            return;
        }

        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"migrate:{name}")));
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Closing the session releases the lock too; unlocking first hands it on without waiting for the pool.
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None);
            await context.Database.CloseConnectionAsync();
        }
    }

    private sealed class MigrationHostedService<TContext>(
        IServiceProvider services, Func<TContext, IServiceProvider, CancellationToken, Task>? seeder) : IHostedLifecycleService
        where TContext : DbContext
    {
        public Task StartingAsync(CancellationToken cancellationToken) =>
            services.MigrateDbContextAsync(seeder, cancellationToken: cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
