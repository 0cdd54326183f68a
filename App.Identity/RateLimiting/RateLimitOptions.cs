namespace App.Identity.RateLimiting;

/// <summary>
/// Bound from <c>Identity:RateLimits</c>: the limits per policy and plan (missing policies fall back to
/// <see cref="AddDefaults"/>). Which policy a request counts against is the gateway's route table's business.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Identity:RateLimits";
    public const string Uploads = "uploads";
    public const string Reads = "reads";

    public Dictionary<string, RateLimitPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a limit read from the database is trusted before it is read again.</summary>
    public int LimitCacheSeconds { get; set; } = 30;

    /// <summary>Counter rows of windows that ended longer ago than this are deleted (no request reads them again).</summary>
    public TimeSpan CounterRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the gateway purges ended windows.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    public RateLimitOptions AddDefaults()
    {
        Policies.TryAdd(Uploads, new RateLimitPolicyOptions { Limits = { [Plans.Free] = 10, [Plans.Pro] = 100 } });
        Policies.TryAdd(Reads, new RateLimitPolicyOptions { Limits = { [Plans.Free] = 100, [Plans.Pro] = 1000 } });
        return this;
    }
}
