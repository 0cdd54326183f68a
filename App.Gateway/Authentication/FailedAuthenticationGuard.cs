using App.Identity.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace App.Gateway.Authentication;

/// <summary>
/// Brute-force guard: failed authentications are counted per client IP in the shared counters; once an IP is over the
/// limit, this replica refuses it from memory until the window ends, without touching the database or the audit log.
/// Every replica counts into the same row, so the whole fleet lets through at most the limit plus one failure per replica.
/// </summary>
internal sealed class FailedAuthenticationGuard(
    SharedRateLimiter limiter, IMemoryCache cache, IOptions<GatewayRateLimitOptions> options, TimeProvider time)
{
    public RateLimitDecision? BlockedDecision(string clientIp)
    {
        if (!cache.TryGetValue(Key(clientIp), out Blocked? blocked) || blocked is null)
        {
            return null;
        }

        var resetSeconds = (int)Math.Ceiling((blocked.Until - time.GetUtcNow()).TotalSeconds);
        return resetSeconds <= 0 ? null : blocked.Decision with { Remaining = 0, ResetSeconds = resetSeconds };
    }

    public async Task<RateLimitDecision> RecordFailureAsync(string clientIp, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var decision = await limiter.AcquireAsync(settings.FailedAuthenticationPolicy, settings.ClientIpPlan, $"ip:{clientIp}", cancellationToken);
        if (!decision.Allowed)
        {
            var until = time.GetUtcNow().AddSeconds(decision.ResetSeconds);
            cache.Set(Key(clientIp), new Blocked(decision, until), until);
        }

        return decision;
    }

    private static (Type, string) Key(string clientIp) => (typeof(FailedAuthenticationGuard), clientIp);

    private sealed record Blocked(RateLimitDecision Decision, DateTimeOffset Until);
}
