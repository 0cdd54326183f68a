using App.Identity.Admin;
using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.Tests.Support;
using App.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace App.Identity.Tests;

/// <summary>
/// A revocation made by one process (the api) reaching the key cache of another (a gateway): over a real Redis at once,
/// without it only when the cached row expires. Each replica has a connection of its own, as separate processes do.
/// </summary>
public sealed class RedisApiKeyRevocationTests
{
    /// <summary>Far longer than any wait below: a refusal within the test can only come from the revocation message.</summary>
    private static readonly Dictionary<string, string?> LongKeyCache = new() { ["Identity:ApiKeys:CacheSeconds"] = "600" };

    [Fact]
    public async Task A_revocation_in_one_replica_reaches_the_other_s_key_cache_over_redis_and_revoking_still_works_without_redis()
    {
        var redis = await RedisServer.StartAsync();
        using var apiConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var gatewayConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var api = await IdentityTestHost.StartAsync(Db.Sqlite, settings: LongKeyCache, configure: s => UseRedis(s, apiConnection));
        await using var gateway = await api.StartReplicaAsync(settings: LongKeyCache, configure: s => UseRedis(s, gatewayConnection));
        var subscriber = (IHostedService)gateway.Get<ApiKeyRevocations>();
        await subscriber.StartAsync(CancellationToken.None);
        await Eventually.UntilAsync(
            () => apiConnection.GetServer(apiConnection.GetEndPoints()[0]).SubscriptionSubscriberCountAsync(RedisApiKeyRevocations.Channel),
            count => count == 1, TimeSpan.FromSeconds(10), count => $"{count} subscribers to the revocation channel");
        var keys = api.Get<ApiKeyAdminService>();
        var revoked = await keys.CreateAsync(api.PlatformAdmin, Tenant.DefaultId, new NewApiKey("revoked", [ApiKeyScopes.Predictions]));
        Assert.True((await gateway.Get<ApiKeyAuthenticator>().AuthenticateAsync(revoked.Secret)).Succeeded);

        Assert.True(await keys.RevokeAsync(api.PlatformAdmin, Tenant.DefaultId, revoked.Key.Id));

        var result = await Eventually.UntilAsync(
            async () => await gateway.Get<ApiKeyAuthenticator>().AuthenticateAsync(revoked.Secret),
            r => !r.Succeeded, TimeSpan.FromSeconds(2), _ => "the other replica still accepts the revoked key");
        Assert.Equal("revoked api key", result.Failure);

        // Redis gone: the revocation itself still commits (the message is a hint; the cache lifetime bounds the rest).
        var another = await keys.CreateAsync(api.PlatformAdmin, Tenant.DefaultId, new NewApiKey("another", [ApiKeyScopes.Predictions]));
        await redis.DisposeAsync();
        Assert.True(await keys.RevokeAsync(api.PlatformAdmin, Tenant.DefaultId, another.Key.Id));
        Assert.Equal("revoked api key", (await api.Get<ApiKeyAuthenticator>().AuthenticateAsync(another.Secret)).Failure);
        await subscriber.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_redis_the_other_replica_keeps_accepting_a_revoked_key_it_has_cached()
    {
        await using var api = await IdentityTestHost.StartAsync(Db.Sqlite, settings: LongKeyCache);
        await using var gateway = await api.StartReplicaAsync(settings: LongKeyCache);
        var keys = api.Get<ApiKeyAdminService>();
        var revoked = await keys.CreateAsync(api.PlatformAdmin, Tenant.DefaultId, new NewApiKey("revoked", [ApiKeyScopes.Predictions]));
        Assert.True((await gateway.Get<ApiKeyAuthenticator>().AuthenticateAsync(revoked.Secret)).Succeeded);

        Assert.True(await keys.RevokeAsync(api.PlatformAdmin, Tenant.DefaultId, revoked.Key.Id));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("revoked api key", (await api.Get<ApiKeyAuthenticator>().AuthenticateAsync(revoked.Secret)).Failure);
        Assert.True((await gateway.Get<ApiKeyAuthenticator>().AuthenticateAsync(revoked.Secret)).Succeeded);
    }

    private static void UseRedis(IServiceCollection services, IConnectionMultiplexer connection)
    {
        services.AddSingleton(connection);
        services.Replace(ServiceDescriptor.Singleton<ApiKeyRevocations, RedisApiKeyRevocations>());
    }
}
