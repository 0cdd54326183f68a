using App.Identity.Admin;
using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.Tests.Support;

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
        Assert.Equal(2, (await host.Get<ApiKeyAdminService>().ListAsync(caller, Tenant.DefaultId)).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bootstrapper.EnsureBootstrapAdminKeyAsync("not-a-key"));
    }
}
