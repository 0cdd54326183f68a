using System.Diagnostics;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One start-up step per DbContext: apply its migrations, then seed, before the service does anything else. EF Core takes
/// a database lock while it migrates (SQLite: the <c>__EFMigrationsLock</c> row, waited for through the busy timeout;
/// PostgreSQL: a lock on the history table), so replicas starting together on one database migrate once.
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

    /// <summary>The step itself, for hosts that start it themselves (tests, tools).</summary>
    public static async Task MigrateDbContextAsync<TContext>(
        this IServiceProvider services,
        Func<TContext, IServiceProvider, CancellationToken, Task>? seeder = null,
        CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var name = typeof(TContext).Name;
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(ActivitySourceName);
        using var activity = ActivitySource.StartActivity($"migrate {name}");
        activity?.SetTag("db.context", name);
        try
        {
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            activity?.SetTag("db.system.name", context.IsPostgreSql() ? "postgresql" : "sqlite");
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            logger.LogInformation("Migrating {DbContext}: {Count} pending migration(s) {Migrations}", name, pending.Count, pending);
            await context.Database.MigrateAsync(cancellationToken);
            if (seeder is not null)
            {
                await seeder(context, scope.ServiceProvider, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogCritical(e, "Migrating {DbContext} failed; the service does not start", name);
            throw new InvalidOperationException($"Migrating {name} failed, so the service does not start: {e.Message}", e);
        }
    }

    private sealed class MigrationHostedService<TContext>(
        IServiceProvider services, Func<TContext, IServiceProvider, CancellationToken, Task>? seeder) : IHostedLifecycleService
        where TContext : DbContext
    {
        public Task StartingAsync(CancellationToken cancellationToken) => services.MigrateDbContextAsync(seeder, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
