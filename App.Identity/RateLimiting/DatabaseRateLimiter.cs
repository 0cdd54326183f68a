using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity.RateLimiting;

/// <summary>
/// Fixed-window counters in the shared database, so every gateway replica counts against the same limit.
/// One atomic upsert per request; see README.md for the cost and how to cut it.
/// </summary>
public sealed class DatabaseRateLimiter(
    IServiceScopeFactory scopes, PlanLimitSource limits, IOptions<RateLimitOptions> options, TimeProvider time)
{
    /// <summary>The policy for a request, or null when no configured route applies.</summary>
    public string? PolicyFor(string method, string path) =>
        options.Value.Routes.FirstOrDefault(r => r.Matches(method, path))?.Policy;

    /// <summary>
    /// Counts one request for <paramref name="partitionKey"/> (a key id, user or client IP) under a policy and plan.
    /// A policy with no limit for the plan allows everything.
    /// </summary>
    public async Task<RateLimitDecision> AcquireAsync(
        string policy, string plan, string partitionKey, CancellationToken cancellationToken = default)
    {
        if (await limits.FindAsync(plan, policy, cancellationToken) is not var (limit, windowSeconds))
        {
            return new RateLimitDecision(true, policy, int.MaxValue, int.MaxValue, 0);
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var windowStart = now - (now % windowSeconds);
        var resetSeconds = (int)(windowStart + windowSeconds - now);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var count = await db.Database
            .SqlQuery<int>(
                $"""
                INSERT INTO rate_limit_counters (policy, partition_key, window_start, count)
                VALUES ({policy}, {partitionKey}, {windowStart}, 1)
                ON CONFLICT (policy, partition_key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
                RETURNING count AS "Value"
                """)
            .AsAsyncEnumerable()
            .SingleAsync(cancellationToken);

        return new RateLimitDecision(count <= limit, policy, limit, Math.Max(0, limit - count), resetSeconds);
    }

    /// <summary>Deletes windows that ended before <paramref name="olderThan"/>; run it now and then, not per request.</summary>
    public async Task<int> PurgeAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().Subtract(olderThan).ToUnixTimeSeconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.RateLimitCounters.Where(c => c.WindowStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
