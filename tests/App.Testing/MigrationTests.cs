using App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace App.Testing;

/// <summary>
/// A module's generated migrations on each database: they build the model's schema on an empty database, a restart or
/// replicas starting together apply nothing twice, a failed migration stops the host, and the model has no change that
/// no migration carries (a forgotten scripts/add-migration.sh). A suite derives one class per context, registering the
/// module the way its services do.
/// </summary>
public abstract class MigrationTests<TContext> : IDisposable
    where TContext : DbContext
{
    private readonly string _directory = Directory.CreateTempSubdirectory($"app-migrations-{typeof(TContext).Name}-").FullName;

    /// <summary>The module's own registration; configuration holds ConnectionStrings:appdb and :blobs, and App:DataDirectory.</summary>
    protected abstract void AddModule(IHostApplicationBuilder builder);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrations_build_every_table_and_column_and_a_restart_applies_nothing(DatabaseProvider provider)
    {
        var connectionString = await NewDatabaseAsync(provider);
        using (var first = Start(connectionString))
        {
            await first.Services.MigrateDbContextAsync<TContext>();
        }

        using var restarted = Start(connectionString);
        await using var scope = restarted.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        await restarted.Services.MigrateDbContextAsync<TContext>();

        var migrations = context.GetService<IMigrationsAssembly>().Migrations;
        Assert.NotEmpty(migrations);
        Assert.All(migrations.Values, m => Assert.EndsWith($".Migrations.{provider}", m.Namespace, StringComparison.Ordinal));
        Assert.Equal(migrations.Keys, await context.Database.GetAppliedMigrationsAsync());
        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            // Names come from our own model, not from input.
            var sql = $"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name} WHERE 1 = 0";
            await context.Database.ExecuteSqlRawAsync(sql);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_model_has_no_change_that_no_migration_carries(DatabaseProvider provider)
    {
        using var host = Start(await NewDatabaseAsync(provider));
        await using var scope = host.Services.CreateAsyncScope();

        Assert.False(
            scope.ServiceProvider.GetRequiredService<TContext>().Database.HasPendingModelChanges(),
            $"{typeof(TContext).Name} changed without a migration for {provider}: run scripts/add-migration.sh.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Replicas_starting_together_on_an_empty_database_all_start_and_migrate_it_once(DatabaseProvider provider)
    {
        var connectionString = await NewDatabaseAsync(provider);
        var replicas = Enumerable.Range(0, 4).Select(_ => Start(connectionString)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(r => r.Services.MigrateDbContextAsync<TContext>()));

            await using var scope = replicas[0].Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<TContext>();
            Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            replicas.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task A_database_that_cannot_be_migrated_stops_the_host_before_it_serves_with_the_reason()
    {
        var file = Path.Combine(_directory, "app.db");
        await File.WriteAllTextAsync(file, "this is not a database, and it is long enough to have a header page");
        using var host = Start($"Data Source={file}", builder => builder.Services.AddMigration<TContext>());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith($"Migrating {typeof(TContext).Name} failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_lock_left_behind_on_SQLite_fails_the_start_after_the_limit_with_the_way_out()
    {
        var connectionString = await NewDatabaseAsync(DatabaseProvider.Sqlite);
        await using (var connection = new SqliteConnection(connectionString))
        {
            // What a process killed in the middle of a migration leaves: EF Core's lock row, never expired.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var host = Start(connectionString);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.Services.MigrateDbContextAsync<TContext>(limit: TimeSpan.FromSeconds(2)));

        Assert.StartsWith($"Migrating {typeof(TContext).Name} failed", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Contains("__EFMigrationsLock", StringComparison.Ordinal), failure.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<string> NewDatabaseAsync(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? await PostgresServer.Instance.CreateDatabaseAsync("migrations")
        : $"Data Source={Path.Combine(_directory, $"{Guid.NewGuid():N}.db")}";

    private IHost Start(string connectionString, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{AppDatabase.ConnectionStringName}"] = connectionString,
            ["ConnectionStrings:blobs"] = Path.Combine(_directory, "blobs"),
            ["App:DataDirectory"] = _directory,
        });
        builder.Services.AddLogging();
        AddModule(builder);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
