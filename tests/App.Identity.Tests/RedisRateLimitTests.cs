using App.Identity.Data;
using App.Identity.RateLimiting;
using App.Identity.Tests.Support;
using App.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace App.Identity.Tests;

/// <summary>Rate-limit counters in a real Redis (distributed mode), and what happens when it goes away and comes back.</summary>
public sealed class RedisRateLimitTests
{
    private static readonly DateTimeOffset WindowStartPlus15 = new(2026, 11, 22, 10, 0, 15, TimeSpan.Zero);

    [Fact]
    public async Task Two_replicas_counting_in_redis_together_allow_only_the_limit_and_the_database_counts_nothing()
    {
        await using var redis = await RedisServer.StartAsync();
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var clock = new FixedClock(WindowStartPlus15);
        await using var first = await IdentityTestHost.StartAsync(Db.Sqlite, clock, configure: s => UseRedis(s, multiplexer));
        await using var second = await first.StartReplicaAsync(clock, configure: s => UseRedis(s, multiplexer));
        var partition = $"redis-{Guid.NewGuid():N}";

        var limiters = new[] { first.Get<SharedRateLimiter>(), second.Get<SharedRateLimiter>() };
        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            limiters[i % 2].AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition)));

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        var key = $"ratelimit:{RateLimitOptions.Uploads}:{partition}:{WindowStartPlus15.ToUnixTimeSeconds() - 15}";
        // Every permit came from the Redis count (a refusal may have added its batch before seeing the limit).
        Assert.InRange((int)await multiplexer.GetDatabase().StringGetAsync(key), 10, 30);
        // The key expires on its own (a minute after the window ends), so nothing needs purging.
        Assert.NotNull(await multiplexer.GetDatabase().KeyTimeToLiveAsync(key));
        Assert.Equal(0, await CountersInDatabaseAsync(first, partition));
    }

    [Fact]
    public async Task When_redis_goes_away_limits_still_hold_on_the_database_and_counting_returns_to_redis_when_it_is_back()
    {
        var redis = await RedisServer.StartAsync();
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var clock = new FixedClock(WindowStartPlus15);
        await using var host = await IdentityTestHost.StartAsync(Db.Sqlite, clock, configure: s => UseRedis(s, multiplexer));
        var limiter = host.Get<SharedRateLimiter>();
        var partition = $"fallback-{Guid.NewGuid():N}";

        Assert.True((await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition)).Allowed);
        var port = redis.Port;
        await redis.DisposeAsync();

        // Redis is gone: the next batches go to the database, and its count enforces the limit on its own.
        var during = new List<RateLimitDecision>();
        for (var i = 0; i < 12; i++)
        {
            during.Add(await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition));
        }

        Assert.Equal(10, during.Count(d => d.Allowed));
        Assert.False(during[^1].Allowed);
        Assert.InRange(await CountersInDatabaseAsync(host, partition), 10, 12);

        // Back on the same address: once the client has reconnected, counting happens in Redis again.
        await using var back = await RedisServer.StartAsync(port);
        var attempt = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                var fresh = $"{partition}-{++attempt}";
                Assert.True((await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, fresh)).Allowed);
                return await multiplexer.GetDatabase().KeyExistsAsync($"ratelimit:{RateLimitOptions.Uploads}:{fresh}:{WindowStartPlus15.ToUnixTimeSeconds() - 15}");
            },
            inRedis => inRedis, TimeSpan.FromSeconds(30), _ => "counting did not return to Redis");
    }

    private static void UseRedis(IServiceCollection services, IConnectionMultiplexer multiplexer)
    {
        services.AddSingleton(multiplexer);
        services.Replace(ServiceDescriptor.Singleton<IRateLimitCounters, RedisRateLimitCounters>());
    }

    private static async Task<int> CountersInDatabaseAsync(IdentityTestHost host, string partition)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.Get<IdentityDbContext>().RateLimitCounters.Where(c => c.PartitionKey == partition).SumAsync(c => c.Count);
    }
}
