using App.Identity.Data;
using App.Identity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

public sealed class SchemaTests
{
    /// <summary>The migrations are hand-written; this catches a model change that no migration followed.</summary>
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task MigratedSchemaHasEveryTableAndColumnOfTheModel(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var context = host.Get<IdentityDbContext>();

        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            // Names come from our own model, not from input.
            var sql = "SELECT " + string.Join(", ", table.Columns.Select(c => c.Name)) + " FROM " + table.Name + " WHERE 1 = 0";
            await context.Database.ExecuteSqlRawAsync(sql);
        }

        Assert.Equal(6, context.Model.GetRelationalModel().Tables.Count());
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ReplicasStartingTogetherMigrateOnceAndShareOneAdminKey(Db db)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("app-identity-").FullName;
        var connectionString = db == Db.Sqlite
            ? $"Data Source={Path.Combine(dataDirectory, "app.db")}"
            : await App.Testing.PostgresServer.Instance.CreateDatabaseAsync("identity");
        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            IdentityTestHost.StartAsync(connectionString, dataDirectory, ownsData: false, time: null, settings: null)));
        try
        {
            Assert.Single(hosts, h => h.Bootstrap.GeneratedKey is not null);
            await using var scope = hosts[0].Services.CreateAsyncScope();
            Assert.Equal(1, await scope.Get<IdentityDbContext>().ApiKeys.IgnoreQueryFilters().CountAsync());
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
