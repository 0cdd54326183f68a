using App.Identity.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Gateway.RateLimiting;

internal static class RateLimitCountersExtensions
{
    /// <summary>The Redis resource the distributed AppHost declares (<c>ConnectionStrings:cache</c>).</summary>
    public const string CacheConnectionName = "cache";

    /// <summary>
    /// Rate-limit counters in Redis when <c>ConnectionStrings:cache</c> is set (one round trip per batch, keys expire on
    /// their own), else in the database. Redis is an accelerator here, not a dependency: no health check (a gateway whose
    /// Redis is down keeps serving, its counters falling back to the database), no failing at start when it is
    /// unreachable, and short timeouts so a hung Redis costs a request little before the fallback.
    /// </summary>
    public static IHostApplicationBuilder AddSharedRateLimitCounters(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(CacheConnectionName)))
        {
            return builder;
        }

        builder.AddRedisClient(CacheConnectionName,
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
            });
        builder.Services.Replace(ServiceDescriptor.Singleton<IRateLimitCounters, RedisRateLimitCounters>());
        return builder;
    }
}
