using App.Identity.Admin;
using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

public sealed class BootstrapTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task GeneratedAdminKeyIsReturnedOnceAndRunsThePlatform(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        Assert.NotNull(host.Bootstrap.GeneratedKey);
        Assert.True(host.PlatformAdmin.IsPlatformAdmin);

        var again = await host.Get<IdentityBootstrapper>().EnsureBootstrapAdminKeyAsync(null);
        await using var replica = await host.StartReplicaAsync();

        Assert.Null(again.GeneratedKey);
        Assert.Null(again.KeyId);
        Assert.Null(replica.Bootstrap.GeneratedKey);
        var keys = await host.Get<ApiKeyAdminService>().ListAsync(host.PlatformAdmin, Tenant.DefaultId);
        Assert.Single(keys);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ConfiguredAdminKeyIsCreatedIdempotently(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var configured = ApiKeyFormat.Generate(out _);
        var bootstrapper = host.Get<IdentityBootstrapper>();

        var first = await bootstrapper.EnsureBootstrapAdminKeyAsync(configured);
        var second = await bootstrapper.EnsureBootstrapAdminKeyAsync(configured);

        Assert.NotNull(first.KeyId);
        Assert.Null(first.GeneratedKey);
        Assert.Null(second.KeyId);
        var caller = (await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(configured)).Identity!;
        Assert.True(caller.IsPlatformAdmin);
        Assert.Equal(ApiKeyScopes.All.Order(), caller.Scopes.Order());
        Assert.Contains(ApiKeyScopes.Extractions, caller.Scopes);
        Assert.Equal(2, (await host.Get<ApiKeyAdminService>().ListAsync(caller, Tenant.DefaultId)).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bootstrapper.EnsureBootstrapAdminKeyAsync("not-a-key"));
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
