using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace App.Data;

/// <summary>
/// The Redis client of a service whose <c>ConnectionStrings:cache</c> is set (the distributed AppHost's <c>cache</c>
/// resource). Every use of it is an accelerator with a fallback (rate-limit counters to the database, key revocations to
/// the key cache lifetime, job wake-ups and changes to polling), so: no health check (a service whose Redis is down keeps
/// serving), no failing at start when it is unreachable, and short timeouts so a hung Redis costs a request little.
/// </summary>
public static class AppRedis
{
    public const string ConnectionName = "cache";

    /// <summary>Registers the client once, for whichever part asks first; false when no Redis is configured.</summary>
    public static bool TryAddAppRedis(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            return false;
        }

        if (builder.Services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            return true;
        }

        builder.AddRedisClient(ConnectionName,
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
            });
        return true;
    }

    /// <summary>
    /// Runs <paramref name="subscribe"/> until it succeeds, trying again every <paramref name="retryDelay"/> while Redis is
    /// unreachable (each failure goes to <paramref name="failed"/>), so a service starts and serves without Redis; after
    /// that StackExchange.Redis keeps the subscriptions across reconnects. False when stopped first.
    /// </summary>
    public static async Task<bool> SubscribeWhenReachableAsync(
        this IConnectionMultiplexer redis, Func<ISubscriber, Task> subscribe, Action<Exception> failed, TimeSpan retryDelay,
        CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await subscribe(redis.GetSubscriber());
                return true;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                failed(e);
                try
                {
                    await Task.Delay(retryDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
