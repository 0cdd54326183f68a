using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.RateLimiting;

/// <summary>Counters as rows of <c>rate_limit_counters</c>, one upsert per batch; ended windows are purged on a schedule.</summary>
public sealed class DatabaseRateLimitCounters(IServiceScopeFactory scopes, TimeProvider time) : IRateLimitCounters
{
    public async Task<int> AddAsync(RateLimitWindow window, int amount, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.Database
            .SqlQuery<int>(
                $"""
                INSERT INTO rate_limit_counters (policy, partition_key, window_start, count)
                VALUES ({window.Policy}, {window.PartitionKey}, {window.WindowStart}, {amount})
                ON CONFLICT (policy, partition_key, window_start) DO UPDATE SET count = rate_limit_counters.count + {amount}
                RETURNING count AS "Value"
                """)
            .AsAsyncEnumerable()
            .SingleAsync(cancellationToken);
    }

    /// <summary>Deletes windows that started before <paramref name="olderThan"/>; run it now and then, not per request.</summary>
    public async Task<int> PurgeAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().Subtract(olderThan).ToUnixTimeSeconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.RateLimitCounters.Where(c => c.WindowStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
