namespace App.Identity.RateLimiting;

public sealed class RateLimitPolicyOptions
{
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Requests per window, by plan name.</summary>
    public Dictionary<string, int> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
