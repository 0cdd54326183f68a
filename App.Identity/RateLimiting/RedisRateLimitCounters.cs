using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace App.Identity.RateLimiting;

/// <summary>
/// Counters as Redis keys (distributed mode): INCRBY and, for a new key, an expiry after the window, in one script,
/// so one round trip and no purge. When Redis cannot be reached the batch goes to the database counters instead, so
/// limits keep holding (the documented side: enforced, not open); a window that spans the switch counts in both
/// stores, so it may allow up to twice its limit once. Redis is tried again on every batch, so counting returns there
/// as soon as it is back.
/// </summary>
public sealed partial class RedisRateLimitCounters(
    IConnectionMultiplexer redis, DatabaseRateLimitCounters fallback, ILogger<RedisRateLimitCounters> logger) : IRateLimitCounters
{
    private const string KeyPrefix = "ratelimit:";

    private static readonly LuaScript Add = LuaScript.Prepare("""
        local count = redis.call('INCRBY', @key, @amount)
        if count == tonumber(@amount) then redis.call('EXPIRE', @key, @ttl) end
        return count
        """);

    private int _fallingBack;

    public async Task<int> AddAsync(RateLimitWindow window, int amount, CancellationToken cancellationToken)
    {
        try
        {
            // Relative to Redis' own clock (not this replica's): the window's length and a minute more, so a replica whose
            // clock runs a little behind still finds its count.
            var count = (int)await redis.GetDatabase().ScriptEvaluateAsync(Add, new
            {
                key = (RedisKey)$"{KeyPrefix}{window.Policy}:{window.PartitionKey}:{window.WindowStart}",
                amount,
                ttl = window.WindowEnd - window.WindowStart + 60,
            });
            if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
            {
                LogRecovered();
            }

            return count;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
            {
                LogFallingBack(e);
            }

            return await fallback.AddAsync(window, amount, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: rate-limit counters fall back to the database until it returns")]
    private partial void LogFallingBack(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: rate-limit counters count there again")]
    private partial void LogRecovered();
}
