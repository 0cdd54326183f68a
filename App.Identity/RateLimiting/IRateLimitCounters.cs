namespace App.Identity.RateLimiting;

/// <summary>One fixed window of one partition (a key, user or client IP) under one policy; times in Unix seconds.</summary>
public readonly record struct RateLimitWindow(string Policy, string PartitionKey, long WindowStart, long WindowEnd);

/// <summary>The counters every gateway replica shares: the database (always there) or Redis (distributed mode).</summary>
public interface IRateLimitCounters
{
    /// <summary>Adds <paramref name="amount"/> to the window's count in one atomic round trip; returns the count after it.</summary>
    Task<int> AddAsync(RateLimitWindow window, int amount, CancellationToken cancellationToken);
}
