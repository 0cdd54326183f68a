namespace App.Identity.RateLimiting;

/// <summary>
/// What the gateway needs for the answer and the <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>,
/// <c>RateLimit-Reset</c> and (when refused) <c>Retry-After</c> headers.
/// </summary>
public sealed record RateLimitDecision(bool Allowed, string Policy, int Limit, int Remaining, int ResetSeconds)
{
    public int? RetryAfterSeconds => Allowed ? null : ResetSeconds;
}
