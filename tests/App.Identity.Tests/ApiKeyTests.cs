using App.Identity.Admin;
using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Tests;

public sealed class ApiKeyTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task CreatedKeyAuthenticatesWithItsScopesAndTenantPlan(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var tenant = await host.Get<TenantAdminService>().CreateAsync(host.PlatformAdmin, new NewTenant("acme", Plans.Pro));
        var created = await host.Get<ApiKeyAdminService>().CreateAsync(
            host.PlatformAdmin, tenant.Id, new NewApiKey("ci", [ApiKeyScopes.Predictions, ApiKeyScopes.Documents]));

        var result = await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret);

        Assert.True(result.Succeeded, result.Failure);
        var caller = result.Identity!;
        Assert.Equal(tenant.Id, caller.TenantId);
        Assert.Equal(created.Key.Id.ToString(), caller.Subject);
        Assert.Equal(AuthMethod.ApiKey, caller.Method);
        Assert.Equal(Plans.Pro, caller.Plan);
        Assert.Equal(new[] { ApiKeyScopes.Documents, ApiKeyScopes.Predictions }, caller.Scopes.Order());
        Assert.False(caller.HasScope(ApiKeyScopes.Admin));
        Assert.Matches("^sk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$", created.Secret);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task OnlyTheHashOfTheKeyIsStored(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var created = await host.Get<ApiKeyAdminService>().CreateAsync(
            host.PlatformAdmin, Tenant.DefaultId, new NewApiKey("ci", [ApiKeyScopes.Predictions]));

        var row = await host.Get<IdentityDbContext>().ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleAsync(k => k.Id == created.Key.Id);

        Assert.Equal(ApiKeyFormat.Hash(created.Secret), row.Hash);
        Assert.Equal(created.Key.Prefix, row.Prefix);
        Assert.DoesNotContain(created.Secret.Split('_', 3)[2], row.Prefix + row.Name + row.Scopes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task WrongSecretWithTheRightPrefixIsRefused(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var created = await host.Get<ApiKeyAdminService>().CreateAsync(
            host.PlatformAdmin, Tenant.DefaultId, new NewApiKey("ci", [ApiKeyScopes.Predictions]));
        var forged = ApiKeyFormat.Generate(out _);
        var sameprefix = $"sk_{created.Key.Prefix}_{forged.Split('_', 3)[2]}";

        var result = await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(sameprefix);

        Assert.False(result.Succeeded);
        Assert.Equal("unknown api key", result.Failure);
        Assert.False((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync("sk_short")).Succeeded);
        Assert.False((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(null)).Succeeded);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task RevokedKeyIsRefused(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var keys = host.Get<ApiKeyAdminService>();
        var created = await keys.CreateAsync(host.PlatformAdmin, Tenant.DefaultId, new NewApiKey("ci", [ApiKeyScopes.Predictions]));
        Assert.True((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret)).Succeeded);

        Assert.True(await keys.RevokeAsync(host.PlatformAdmin, Tenant.DefaultId, created.Key.Id));
        var result = await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret);

        Assert.False(result.Succeeded);
        Assert.Equal("revoked api key", result.Failure);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ExpiredKeyIsRefusedAndUnexpiredKeyAccepted(Db db)
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        await using var host = await IdentityTestHost.StartAsync(db, clock);
        var created = await host.Get<ApiKeyAdminService>().CreateAsync(
            host.PlatformAdmin, Tenant.DefaultId, new NewApiKey("ci", [ApiKeyScopes.Predictions], ExpiresAt: clock.Now.AddHours(1)));

        clock.Now = clock.Now.AddMinutes(59);
        Assert.True((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret)).Succeeded);

        clock.Now = clock.Now.AddMinutes(1);
        var result = await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret);

        Assert.False(result.Succeeded);
        Assert.Equal("expired api key", result.Failure);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task LastUsedIsWrittenOncePerFlushNotOncePerRequest(Db db)
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        await using var host = await IdentityTestHost.StartAsync(db, clock);
        var tracker = host.Get<ApiKeyUsageTracker>();
        await tracker.FlushAsync();
        var created = await host.Get<ApiKeyAdminService>().CreateAsync(
            host.PlatformAdmin, Tenant.DefaultId, new NewApiKey("ci", [ApiKeyScopes.Predictions]));

        for (var i = 0; i < 20; i++)
        {
            clock.Now = clock.Now.AddSeconds(1);
            Assert.True((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret)).Succeeded);
        }

        Assert.Null(await LastUsedAsync(host, created.Key.Id));
        Assert.Equal(1, tracker.PendingCount);

        Assert.Equal(1, await tracker.FlushAsync());

        Assert.Equal(clock.Now, await LastUsedAsync(host, created.Key.Id));
        Assert.Equal(0, await tracker.FlushAsync());
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task TenantNeverSeesAnotherTenantsKeys(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var tenants = host.Get<TenantAdminService>();
        var keys = host.Get<ApiKeyAdminService>();
        var a = await tenants.CreateAsync(host.PlatformAdmin, new NewTenant("a"));
        var b = await tenants.CreateAsync(host.PlatformAdmin, new NewTenant("b"));
        var keyOfA = await keys.CreateAsync(host.PlatformAdmin, a.Id, new NewApiKey("a-key", [ApiKeyScopes.Predictions]));
        var adminOfB = await keys.CreateAsync(host.PlatformAdmin, b.Id, new NewApiKey("b-admin", [ApiKeyScopes.Admin]));
        var callerB = (await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(adminOfB.Secret)).Identity!;

        var visibleToB = await keys.ListAsync(callerB, b.Id);
        Assert.Equal([adminOfB.Key.Id], visibleToB.Select(k => k.Id));
        Assert.False(await keys.RevokeAsync(callerB, b.Id, keyOfA.Key.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => keys.ListAsync(callerB, a.Id));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => tenants.ListAsync(callerB));

        await using var scope = host.Services.CreateAsyncScope();
        var context = scope.Get<IdentityDbContext>();
        Assert.Empty(await context.ApiKeys.ToListAsync());
        Assert.Empty(await context.ScopeTo(b.Id).ApiKeys.Where(k => k.Id == keyOfA.Key.Id).ToListAsync());
        Assert.Single(await context.ScopeTo(a.Id).ApiKeys.ToListAsync());
        Assert.True((await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(keyOfA.Secret)).Succeeded);
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(IdentityTestHost host, Guid keyId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.Get<IdentityDbContext>().ApiKeys.IgnoreQueryFilters()
            .Where(k => k.Id == keyId).Select(k => k.LastUsedAt).SingleAsync();
    }
}
