using System.Diagnostics;
using System.Threading.RateLimiting;
using App.Identity.RateLimiting;

namespace App.Gateway.RateLimiting;

/// <summary>Which shared counter a request counts against: a policy's window for one partition (key, user or IP) under a plan.</summary>
internal readonly record struct RateLimitPartitionKey(string Policy, string Plan, string Partition);

/// <summary>
/// A <see cref="RateLimiter"/> for one partition over the shared counters (<see cref="SharedRateLimiter"/>, which
/// takes permits in batches, so most requests are decided in memory). It keeps no state of its own: ASP.NET Core's
/// rate limiter may drop an idle one and make another at any time.
/// </summary>
internal sealed class StoreRateLimiter(SharedRateLimiter store, RateLimitPartitionKey key, IHttpContextAccessor requests) : RateLimiter
{
    private long lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// Decides from memory when it can (the common case: this replica holds permits); otherwise leaves the decision to
    /// <see cref="AcquireAsyncCore"/>, which the middleware then awaits.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Volatile.Write(ref lastUsed, Stopwatch.GetTimestamp());
        return store.TryAcquireFromMemory(key.Policy, key.Plan, key.Partition) is { } decision ? Decided(decision) : DecisionLease.Undecided;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref lastUsed, Stopwatch.GetTimestamp());
        return Decided(await store.AcquireAsync(key.Policy, key.Plan, key.Partition, cancellationToken));
    }

    private DecisionLease Decided(RateLimitDecision decision)
    {
        // The middleware keeps the lease of an allowed request to itself; the RateLimit-* headers are written from here.
        if (requests.HttpContext is { } context)
        {
            RateLimitHeaders.Record(context, decision);
        }

        return new DecisionLease(decision);
    }
}

/// <summary>A decision as a lease: its metadata carries <c>Retry-After</c>, and the decision itself for the 429 answer.</summary>
internal sealed class DecisionLease(RateLimitDecision? decision) : RateLimitLease
{
    public static readonly DecisionLease Undecided = new(null);

    public RateLimitDecision? Decision => decision;

    public override bool IsAcquired => decision?.Allowed ?? false;

    public override IEnumerable<string> MetadataNames =>
        decision?.RetryAfterSeconds is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (metadataName == MetadataName.RetryAfter.Name && decision?.RetryAfterSeconds is { } seconds)
        {
            metadata = TimeSpan.FromSeconds(seconds);
            return true;
        }

        metadata = null;
        return false;
    }
}
