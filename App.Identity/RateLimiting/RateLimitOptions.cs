namespace App.Identity.RateLimiting;

/// <summary>Bound from <c>Identity:RateLimits</c>; missing policies and routes fall back to <see cref="AddDefaults"/>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Identity:RateLimits";
    public const string Uploads = "uploads";
    public const string Reads = "reads";

    public Dictionary<string, RateLimitPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checked in order; the first route that matches a request names its policy.</summary>
    public List<RateLimitRoute> Routes { get; set; } = [];

    /// <summary>How long a limit read from the database is trusted before it is read again.</summary>
    public int LimitCacheSeconds { get; set; } = 30;

    public RateLimitOptions AddDefaults()
    {
        Policies.TryAdd(Uploads, new RateLimitPolicyOptions { Limits = { [Plans.Free] = 10, [Plans.Pro] = 100 } });
        Policies.TryAdd(Reads, new RateLimitPolicyOptions { Limits = { [Plans.Free] = 100, [Plans.Pro] = 1000 } });
        if (Routes.Count == 0)
        {
            Routes.Add(new RateLimitRoute { Method = "POST", Path = "/api/v1/predictions", Policy = Uploads });
            Routes.Add(new RateLimitRoute { Method = "POST", Path = "/api/v1/batches", Policy = Uploads });
            Routes.Add(new RateLimitRoute { Method = "POST", Path = "/api/v1/collections/*/documents", Policy = Uploads });
            Routes.Add(new RateLimitRoute { Method = "*", Path = "/api", Policy = Reads });
        }

        return this;
    }
}
