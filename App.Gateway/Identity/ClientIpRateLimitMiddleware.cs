using App.Identity.RateLimiting;
using Microsoft.Extensions.Options;

namespace App.Gateway.Identity;

/// <summary>
/// Before authentication: an IP that failed authentication too often is refused outright, and every forwarded request
/// counts against its route policy per client IP (the <see cref="GatewayRateLimitOptions.ClientIpPlan"/> limits), so a
/// flood of bad credentials costs the gateway one counter write each, not a key lookup and an audit entry.
/// </summary>
internal sealed class ClientIpRateLimitMiddleware(
    RequestDelegate next, DatabaseRateLimiter limiter, FailedAuthenticationGuard guard, IOptions<GatewayRateLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.ForwardedRoute() is null)
        {
            await next(context);
            return;
        }

        if (guard.BlockedDecision(context.ClientIp()) is { } blocked)
        {
            await RateLimitHeaders.RefuseAsync(context, blocked, "failed authentications from this address");
            return;
        }

        if (limiter.PolicyFor(context.Request.Method, context.Request.Path) is { } policy)
        {
            var decision = await limiter.AcquireAsync(policy, options.Value.ClientIpPlan, context.ClientIpPartition(), context.RequestAborted);
            RateLimitHeaders.Record(context, decision);
            if (!decision.Allowed)
            {
                await RateLimitHeaders.RefuseAsync(context, decision, "from this address");
                return;
            }
        }

        await next(context);
    }
}
