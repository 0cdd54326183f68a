using System.Collections.Concurrent;

namespace App.Identity.RateLimiting;

/// <summary>
/// Fixed-window counters in a shared store (<see cref="IRateLimitCounters"/>: the database, or Redis where configured),
/// so every gateway replica counts against the same limit. Each replica takes permits in batches (one round trip adds
/// <see cref="BatchFor"/> to the window's count) and spends them in memory; see README.md for what that trades.
/// </summary>
public sealed class SharedRateLimiter(IRateLimitCounters counters, PlanLimitSource limits, TimeProvider time)
{
    private readonly ConcurrentDictionary<WindowKey, LocalPermits> windows = new();
    private long sweptAt;

    /// <summary>Windows this replica holds permits for; past windows are dropped as time moves on.</summary>
    internal int TrackedWindows => windows.Count;

    /// <summary>
    /// Permits per upsert: a twentieth of the limit, so a limit under 40 stays exact (one write per request), a
    /// replica never sits on more than 5 % of a window, and a window costs each busy replica at most 20 writes whatever
    /// the limit (a flat cap made a high limit cost a write every hundred requests: the gateway's largest single cost).
    /// </summary>
    internal static int BatchFor(int limit) => Math.Max(limit / 20, 1);

    /// <summary>
    /// Counts one request for <paramref name="partitionKey"/> (a key id, user or client IP) under a policy and plan.
    /// A policy with no limit for the plan allows everything.
    /// </summary>
    public async Task<RateLimitDecision> AcquireAsync(
        string policy, string plan, string partitionKey, CancellationToken cancellationToken = default)
    {
        if (await limits.FindAsync(plan, policy, cancellationToken) is not var (limit, windowSeconds))
        {
            return Unlimited(policy);
        }

        var (key, permits, resetSeconds) = Window(policy, partitionKey, limit, windowSeconds);
        var (allowed, remaining) = await permits.AcquireAsync(
            static (s, batch) => s.Limiter.TakeBatchAsync(s.Key, batch), (Limiter: this, Key: key), cancellationToken);
        return new RateLimitDecision(allowed, policy, limit, remaining, resetSeconds);
    }

    /// <summary>
    /// The same count when it can be decided from memory (limits loaded, permits held or the window known to be
    /// exhausted); null when it needs the database, and then nothing was counted. The hot path of the gateway.
    /// </summary>
    public RateLimitDecision? TryAcquireFromMemory(string policy, string plan, string partitionKey)
    {
        if (!limits.TryFindLoaded(plan, policy, out var found))
        {
            return null;
        }

        if (found is not var (limit, windowSeconds))
        {
            return Unlimited(policy);
        }

        var (_, permits, resetSeconds) = Window(policy, partitionKey, limit, windowSeconds);
        return permits.TrySpendFromMemory() is var (allowed, remaining)
            ? new RateLimitDecision(allowed, policy, limit, remaining, resetSeconds)
            : null;
    }

    private static RateLimitDecision Unlimited(string policy) => new(true, policy, int.MaxValue, int.MaxValue, 0);

    private (WindowKey Key, LocalPermits Permits, int ResetSeconds) Window(string policy, string partitionKey, int limit, int windowSeconds)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var windowStart = now - (now % windowSeconds);
        var resetSeconds = (int)(windowStart + windowSeconds - now);
        DropEndedWindows(now);

        // The limit is part of the key: when an edited plan limit arrives mid-window, the next request reads the shared
        // count afresh, and permits held under the old limit are forgotten (refusing early, never late).
        var key = new WindowKey(policy, partitionKey, windowStart, limit, windowStart + windowSeconds);
        var permits = windows.GetOrAdd(key, static k => new LocalPermits(k.Limit, BatchFor(k.Limit), k.WindowEnd));
        return (key, permits, resetSeconds);
    }

    /// <summary>
    /// Adds a batch to the shared count and returns the count after it. Not cancellable by the request that happens to
    /// run it: the batch serves every request waiting for it, and a cancelled write might have been counted anyway.
    /// </summary>
    private Task<int> TakeBatchAsync(WindowKey key, int batch) =>
        counters.AddAsync(new RateLimitWindow(key.Policy, key.PartitionKey, key.WindowStart, key.WindowEnd), batch, CancellationToken.None);

    /// <summary>At most once a second, whoever gets there first forgets the windows that have ended.</summary>
    private void DropEndedWindows(long now)
    {
        var last = Interlocked.Read(ref sweptAt);
        if (now <= last || Interlocked.CompareExchange(ref sweptAt, now, last) != last)
        {
            return;
        }

        foreach (var (key, permits) in windows)
        {
            if (permits.WindowEnd <= now)
            {
                windows.TryRemove(new KeyValuePair<WindowKey, LocalPermits>(key, permits));
            }
        }
    }

    private readonly record struct WindowKey(string Policy, string PartitionKey, long WindowStart, int Limit, long WindowEnd);
}
